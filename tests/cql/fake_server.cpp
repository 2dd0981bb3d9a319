#include "fake_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/server_error.h"

namespace clicklog::cql::testing {

namespace {

// Listens on 127.0.0.1 on a free port; returns the owned fd and the port. `fd_out` lets the
// caller accept() on it.
Socket listen_loopback(uint16_t& port, int& fd_out) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  fd_out = fd;
  return Socket(fd);
}

}  // namespace

void FakeServer::Peer::send(const std::string& bytes) {
  std::lock_guard lock(mu_);
  (void)socket_.write_all(bytes);
}

void FakeServer::Peer::reply(int16_t stream, protocol::Opcode op, const std::string& body) {
  std::string frame;
  protocol::encode_header({0x84, 0, stream, op, static_cast<int32_t>(body.size())}, frame);
  frame += body;
  send(frame);
}

FakeServer::FakeServer(Handler handler, bool answer_handshake)
    : handler_(std::move(handler)), answer_handshake_(answer_handshake) {
  int fd = -1;
  listener_ = listen_loopback(port_, fd);
  acceptor_ = std::thread([this, fd] {
    for (;;) {
      int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0 || stopping_) {
        if (client >= 0) ::close(client);
        return;
      }
      ++accepted_;
      auto peer = std::make_shared<Peer>(Socket(client));
      std::lock_guard lock(mu_);
      peers_.push_back(peer);
      threads_.emplace_back([this, peer] { serve(peer); });
    }
  });
}

FakeServer::~FakeServer() {
  stopping_ = true;
  listener_.shutdown();
  acceptor_.join();
  {
    std::lock_guard lock(mu_);
    for (auto& p : peers_) p->close();
  }
  for (auto& t : threads_) t.join();
}

void FakeServer::serve(std::shared_ptr<Peer> peer) {
  for (;;) {
    char head[protocol::kHeaderSize];
    if (!peer->socket_.read_exact(head, sizeof head)) return;
    protocol::BytesReader r(std::string_view(head, sizeof head));
    r.u8("version");
    r.u8("flags");
    auto stream = static_cast<int16_t>(r.u16("stream"));
    auto op = static_cast<protocol::Opcode>(r.u8("opcode"));
    int32_t len = r.i32("length");
    std::string body(static_cast<size_t>(len), '\0');
    if (!peer->socket_.read_exact(body.data(), body.size())) return;
    if (answer_handshake_ && op == protocol::Opcode::kStartup) {
      peer->reply(stream, protocol::Opcode::kReady, "");
      continue;
    }
    if (answer_handshake_ && op == protocol::Opcode::kQuery && body.find("USE ") == 4) {
      protocol::BytesWriter w;
      w.i32(3);
      w.string("ks");
      peer->reply(stream, protocol::Opcode::kResult, w.take());
      continue;
    }
    handler_(*peer, RequestFrame{stream, op, std::move(body)});
  }
}

SilentListener::SilentListener() {
  int fd = -1;
  listener_ = listen_loopback(port_, fd);
  acceptor_ = std::thread([this, fd] {
    for (;;) {
      int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      held_.emplace_back(client);
      if (stopping_) return;
    }
  });
}

SilentListener::~SilentListener() {
  stopping_ = true;
  listener_.shutdown();
  acceptor_.join();
}

uint16_t unused_port() {
  uint16_t port = 0;
  int fd = -1;
  { Socket s = listen_loopback(port, fd); }
  return port;
}

std::string void_result() {
  protocol::BytesWriter w;
  w.i32(1);
  return w.take();
}

std::string error_body(protocol::ErrorCode code, const std::string& message) {
  protocol::BytesWriter w;
  w.i32(static_cast<int32_t>(code));
  w.string(message);
  return w.take();
}

}  // namespace clicklog::cql::testing
