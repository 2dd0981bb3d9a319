#include "common/metrics_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/metrics.h"

namespace clicklog::metrics {

Result<std::unique_ptr<Server>> Server::start(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{fmt::format("metrics endpoint: socket: {}", std::strerror(errno))};
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return Error{fmt::format("metrics endpoint: '{}' is not an IPv4 address", host)};
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Error{fmt::format("metrics endpoint {}:{}: {}", host, port, why)};
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return std::unique_ptr<Server>(new Server(fd, ntohs(addr.sin_port)));
}

Server::Server(int fd, int port) : fd_(fd), port_(port), thread_([this] { serve(); }) {}

Server::~Server() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

void Server::serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    // One short request per connection; a client that sends nothing gets 1 s.
    pollfd c{client, POLLIN, 0};
    char buf[1024];
    ssize_t n = ::poll(&c, 1, 1000) > 0 ? ::recv(client, buf, sizeof buf - 1, 0) : 0;
    const std::string_view request(buf, n > 0 ? static_cast<size_t>(n) : 0);
    std::string status = "200 OK", body, type = "text/plain; version=0.0.4";
    if (request.starts_with("GET /metrics")) {
      body = render_prometheus();
    } else if (request.starts_with("GET /health")) {
      body = "ok\n";
    } else {
      status = "404 Not Found";
      body = "try /metrics or /health\n";
    }
    const std::string response =
        fmt::format("HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                    status, type, body.size(), body);
    for (size_t sent = 0; sent < response.size();) {
      const ssize_t w = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (w <= 0) break;
      sent += static_cast<size_t>(w);
    }
    ::close(client);
  }
}

}  // namespace clicklog::metrics
