// FakeServer: a tiny CQL server on 127.0.0.1 for connection tests. Each accepted connection gets
// a thread that reads request frames and hands them to the test's handler, which answers (now,
// later, out of order, or never) through Peer::send. Stops and joins everything on destruction.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/server_error.h"
#include "cql/socket.h"

namespace clicklog::cql::testing {

struct RequestFrame {
  int16_t stream;
  protocol::Opcode opcode;
  std::string body;
};

class FakeServer {
 public:
  class Peer {
   public:
    explicit Peer(Socket s) : socket_(std::move(s)) {}
    void send(const std::string& bytes);
    void reply(int16_t stream, protocol::Opcode op, const std::string& body);
    void close() { socket_.shutdown(); }

   private:
    friend class FakeServer;
    std::mutex mu_;
    Socket socket_;
  };
  using Handler = std::function<void(Peer&, const RequestFrame&)>;

  // answer_handshake: reply READY to STARTUP and a SetKeyspace result to USE by itself.
  explicit FakeServer(Handler handler, bool answer_handshake = true);
  ~FakeServer();

  uint16_t port() const { return port_; }
  int connections() const { return accepted_.load(); }

 private:
  void accept_loop();
  void serve(std::shared_ptr<Peer> peer);

  Handler handler_;
  bool answer_handshake_;
  Socket listener_;  // a listening socket: Socket only owns and shuts it down here
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::vector<std::shared_ptr<Peer>> peers_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A listener that accepts connections and never says a word.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  uint16_t port() const { return port_; }

 private:
  Socket listener_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<Socket> held_;
  std::thread acceptor_;
};

// A port on 127.0.0.1 where nothing listens (bound then closed).
uint16_t unused_port();

std::string void_result();
std::string error_body(protocol::ErrorCode code, const std::string& message);

}  // namespace clicklog::cql::testing
