// Socket: an owned, connected TCP file descriptor with blocking exact reads and whole writes,
// in the clear or through TLS (tls.h). Connecting has a deadline; writes have a send timeout so
// a peer that stops reading cannot block a writer forever. shutdown() wakes a thread blocked in
// read_exact() from another thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "cql/cluster_uri.h"
#include "cql/tls.h"

namespace clicklog::cql {

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& o) noexcept
      : fd_(o.fd_), send_timeout_(o.send_timeout_), tls_(std::move(o.tls_)) {
    o.fd_ = -1;
  }
  Socket& operator=(Socket&& o) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Resolves the host (numeric addresses and local names) and connects within `timeout`, the
  // TLS handshake included when `tls` is given.
  static Result<Socket> connect(const Endpoint& to, std::chrono::milliseconds timeout,
                                std::chrono::milliseconds send_timeout,
                                const TlsContext* tls = nullptr);

  // Reads exactly out.size() bytes; fails on EOF or error.
  Status read_exact(char* out, size_t n);
  // Writes all pieces, in order, as one logical write.
  Status write_all(std::string_view a, std::string_view b = {});
  // Stops further reads and writes (any thread); the fd stays open until destruction.
  void shutdown();
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  std::chrono::milliseconds send_timeout_{0};  // for TLS, whose socket stays non-blocking
  std::unique_ptr<TlsStream> tls_;
};

}  // namespace clicklog::cql
