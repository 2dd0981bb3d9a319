// Connection: one TCP connection to one Cassandra node, speaking protocol v4 with many requests
// in flight, told apart by stream id.
//
// Threads and lifetime. open() connects, starts the connection's one reader thread and runs the
// handshake (STARTUP, SASL PLAIN authentication, USE keyspace). Any thread may then call send():
// it takes a free stream id (waiting, up to the request's deadline, while all are in flight)
// and writes the frame under a write lock. The reader thread alone reads the socket: it decodes
// each response and hands it to the request waiting on that stream. A request whose caller
// gave up (deadline passed) keeps its stream id until its late response arrives, so the id is
// never reused while the server may still answer it; too many such orphans make the connection
// defunct. Any I/O or framing error makes it defunct too: every pending request fails at once
// and later sends fail without writing. close() or the destructor (from any thread but the
// reader) shuts the socket down and joins the reader. Hold it by shared_ptr: PendingResponse
// keeps its connection alive. With ConnectionOptions::tls the socket speaks TLS (tls.h).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "cql/cluster_uri.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/response.h"
#include "cql/socket.h"
#include "cql/stream_ids.h"

namespace clicklog::cql {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Why a request failed without a server answer; decides whether it may be retried elsewhere.
enum class Failure {
  kNone,            // answered (the answer may still be a server ERROR)
  kNotSent,         // never written: safe to send anywhere else
  kTimedOut,        // written, no answer by the deadline: may have been applied
  kConnectionLost,  // written, then the connection died: may have been applied
};

struct ConnectionOptions {
  std::chrono::milliseconds connect_timeout{5000};  // TCP connect plus the whole handshake
  std::chrono::milliseconds write_timeout{10000};
  int max_streams = 1024;  // in flight at once on this connection
  int max_orphans = 256;   // timed-out requests still unanswered before giving up on it
  std::optional<Credentials> credentials;
  std::string keyspace;                   // USE'd after the handshake when not empty
  std::shared_ptr<const TlsContext> tls;  // TLS when set
};

class Connection;

// The answer to one request, collected by wait().
class PendingResponse {
 public:
  struct Slot;
  PendingResponse(std::shared_ptr<Connection> conn, std::shared_ptr<Slot> slot, int16_t stream,
                  Deadline deadline);

  // Blocks until the answer or the deadline. Each PendingResponse is waited on once.
  Result<protocol::Response> wait();
  Failure failure() const { return failure_; }
  const std::shared_ptr<Connection>& connection() const { return conn_; }

 private:
  std::shared_ptr<Connection> conn_;
  std::shared_ptr<Slot> slot_;
  int16_t stream_;
  Deadline deadline_;
  Failure failure_ = Failure::kNone;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  static Result<std::shared_ptr<Connection>> open(const Endpoint& endpoint,
                                                  const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PendingResponse send(protocol::Opcode opcode, std::string_view body, Deadline deadline);
  // send() then wait(), for one-off requests.
  Result<protocol::Response> request(protocol::Opcode opcode, std::string_view body,
                                     Deadline deadline);

  const Endpoint& endpoint() const { return endpoint_; }
  bool defunct() const { return defunct_.load(); }
  std::string defunct_reason() const;
  int in_flight() const;
  int orphaned() const;
  void close();

 private:
  friend class PendingResponse;
  struct Private {};

 public:
  Connection(Private, Endpoint endpoint, Socket socket, const ConnectionOptions& options);

 private:
  Status handshake(Deadline deadline);
  void reader_loop();
  void mark_defunct(const std::string& reason);
  // Called by a waiter whose deadline passed: true if the stream is now an orphan, false if
  // the answer arrived meanwhile.
  bool abandon(int16_t stream, const std::shared_ptr<PendingResponse::Slot>& slot);

  const Endpoint endpoint_;
  const ConnectionOptions options_;
  Socket socket_;
  std::thread reader_;

  mutable std::mutex mu_;  // guards ids_, slots_, orphans_, defunct_reason_
  std::condition_variable stream_freed_;
  StreamIdPool ids_;
  std::vector<std::shared_ptr<PendingResponse::Slot>> slots_;  // by stream id
  int orphans_ = 0;
  std::string defunct_reason_;
  std::atomic<bool> defunct_{false};

  std::mutex write_mu_;  // one frame at a time on the wire
};

}  // namespace clicklog::cql
