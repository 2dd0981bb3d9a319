#include "cql/socket.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace clicklog::cql {

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

struct AddrInfoDeleter {
  void operator()(addrinfo* p) const { freeaddrinfo(p); }
};

Status connect_one(int fd, const addrinfo* ai, std::chrono::milliseconds timeout) {
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return {};
  if (errno != EINPROGRESS) return Error{errno_text(errno)};
  pollfd p{fd, POLLOUT, 0};
  int n;
  do {
    n = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (n < 0 && errno == EINTR);
  if (n == 0) return Error{fmt::format("connect timed out after {} ms", timeout.count())};
  if (n < 0) return Error{errno_text(errno)};
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) return Error{errno_text(err)};
  return {};
}

}  // namespace

Socket::~Socket() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    send_timeout_ = o.send_timeout_;
    tls_ = std::move(o.tls_);
    o.fd_ = -1;
  }
  return *this;
}

Result<Socket> Socket::connect(const Endpoint& to, std::chrono::milliseconds timeout,
                               std::chrono::milliseconds send_timeout, const TlsContext* tls) {
  const auto started = std::chrono::steady_clock::now();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  std::string port = std::to_string(to.port);
  if (int rc = getaddrinfo(to.host.c_str(), port.c_str(), &hints, &raw); rc != 0) {
    return Error{fmt::format("cannot resolve {}: {}", to.to_string(), gai_strerror(rc))};
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> list(raw);
  std::string last = "no address";
  for (const addrinfo* ai = list.get(); ai; ai = ai->ai_next) {
    Socket s(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!s.valid()) {
      last = errno_text(errno);
      continue;
    }
    if (auto st = connect_one(s.fd_, ai, timeout); !st) {
      last = st.message();
      continue;
    }
    int one = 1;
    setsockopt(s.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (tls) {
      // Not the next address on failure: the node answered, and its certificate is the
      // same on every address it has.
      const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      auto stream = TlsStream::handshake(s.fd_, *tls, to.host,
                                         std::max(timeout - spent, std::chrono::milliseconds(1)));
      if (!stream) return Error{fmt::format("{}: {}", to.to_string(), stream.error().message)};
      s.tls_ = std::move(*stream);
      s.send_timeout_ = send_timeout;
      return s;
    }
    int flags = fcntl(s.fd_, F_GETFL);
    fcntl(s.fd_, F_SETFL, flags & ~O_NONBLOCK);
    timeval tv{};
    tv.tv_sec = send_timeout.count() / 1000;
    tv.tv_usec = static_cast<suseconds_t>((send_timeout.count() % 1000) * 1000);
    setsockopt(s.fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return s;
  }
  return Error{fmt::format("cannot connect to {}: {}", to.to_string(), last)};
}

Status Socket::read_exact(char* out, size_t n) {
  if (tls_) return tls_->read_exact(out, n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd_, out + got, n - got, 0);
    if (r == 0) return Error{"connection closed by peer"};
    if (r < 0) {
      if (errno == EINTR) continue;
      return Error{fmt::format("read failed: {}", errno_text(errno))};
    }
    got += static_cast<size_t>(r);
  }
  return {};
}

Status Socket::write_all(std::string_view a, std::string_view b) {
  if (tls_) {
    // One piece, so that a frame's header and body go in one TLS record.
    if (b.empty()) return tls_->write_all(a, send_timeout_);
    std::string joined;
    joined.reserve(a.size() + b.size());
    joined.append(a).append(b);
    return tls_->write_all(joined, send_timeout_);
  }
  iovec iov[2] = {{const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
  int first = 0;
  while (first < 2) {
    msghdr msg{};
    msg.msg_iov = iov + first;
    msg.msg_iovlen = static_cast<size_t>(2 - first);
    ssize_t w = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return Error{"write timed out: peer not reading"};
      return Error{fmt::format("write failed: {}", errno_text(errno))};
    }
    auto left = static_cast<size_t>(w);
    while (first < 2 && left >= iov[first].iov_len) {
      left -= iov[first].iov_len;
      ++first;
    }
    if (first < 2) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return {};
}

void Socket::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

}  // namespace clicklog::cql
