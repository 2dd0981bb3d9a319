// TLS for the CQL client, through OpenSSL. TlsContext holds what every connection of a session
// shares (the trusted CA certificates); TlsStream is one connection's TLS session over a
// non-blocking socket, verifying the node's certificate chain and that it names the host.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/result.h"
#include "cql/cluster_uri.h"

struct ssl_ctx_st;
struct ssl_st;

namespace clicklog::cql {

class TlsContext {
 public:
  // Fails with a one-line reason when the CA file cannot be read or holds no certificate.
  static Result<std::shared_ptr<const TlsContext>> create(const TlsOptions& options);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  ssl_ctx_st* get() const { return ctx_; }

 private:
  explicit TlsContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

// One reader thread and one writer at a time may use a TlsStream at once. OpenSSL allows no
// concurrent calls on one connection, so each call holds a mutex for the moment it takes on
// the non-blocking socket, and waiting for the socket (poll) happens outside it. A shutdown()
// of the socket from any thread ends the waits.
class TlsStream {
 public:
  // The TLS handshake on connected socket `fd`, within `timeout`. `host` is the name or address
  // the certificate must name (also sent as SNI when it is a name).
  static Result<std::unique_ptr<TlsStream>> handshake(int fd, const TlsContext& context,
                                                      const std::string& host,
                                                      std::chrono::milliseconds timeout);
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  Status read_exact(char* out, size_t n);
  // Fails when the peer takes nothing for `timeout`.
  Status write_all(std::string_view data, std::chrono::milliseconds timeout);

 private:
  TlsStream(int fd, ssl_st* ssl) : fd_(fd), ssl_(ssl) {}
  // What a failed call left: the reason to give and whether to wait for the socket (events).
  struct Step;
  Step step(int rc);

  const int fd_;  // owned by the Socket
  ssl_st* ssl_;
  std::mutex mu_;  // one OpenSSL call at a time
};

}  // namespace clicklog::cql
