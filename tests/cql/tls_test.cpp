// The CQL client's TLS against an in-process TLS front (OpenSSL, with a certificate of the
// project's throw-away CA, scripts/lib/test-ca.sh) to a FakeServer: a working handshake and
// many requests in flight from several threads; one-line refusals for an unknown CA, a host
// name the certificate does not hold, a client without TLS and unreadable CA files.
#include "cql/tls.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <variant>
#include <vector>

#include "cql/connection.h"
#include "cql/protocol/requests.h"
#include "fake_server.h"

namespace clicklog::cql {
namespace {

using namespace std::chrono_literals;
using protocol::Opcode;
using testing::FakeServer;

// Runs test_ca_make of scripts/lib/test-ca.sh, the scripts' own certificate maker.
void make_ca(const std::filesystem::path& dir) {
  const std::string lib = std::string(CQL_TEST_SCRIPTS_DIR) + "/lib";
  const std::string command = "bash -c 'set -e; PROC_TAG=tls_test; source " + lib +
                              "/proc.sh; source " + lib + "/test-ca.sh; test_ca_make " +
                              dir.string() + " node secret'";
  std::filesystem::create_directories(dir);
  if (std::system(command.c_str()) != 0) throw std::runtime_error("test_ca_make failed");
}

// A CA and a certificate for IP address 127.0.0.1 only, once per process (in
// a folder of its own: ctest may run the tests in parallel), removed at exit.
struct Certificates {
  std::filesystem::path dir;
  Certificates()
      : dir(std::filesystem::path(::testing::TempDir()) /
            ("cql-tls-test-" + std::to_string(::getpid()))) {
    make_ca(dir);
  }
  ~Certificates() { std::filesystem::remove_all(dir); }
};

const std::filesystem::path& certificates() {
  static const Certificates made;
  return made.dir;
}

std::string ca() {
  return (certificates() / "ca.pem").string();
}

// A CA that signed nothing the front holds.
std::string other_ca() {
  static const bool made = (make_ca(certificates() / "other"), true);
  (void)made;
  return (certificates() / "other" / "ca.pem").string();
}

int listen_loopback(uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

int connect_loopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot connect to the fake server");
  }
  return fd;
}

// Terminates TLS and relays the clear text to a FakeServer, one thread per connection that
// polls both sides (one thread: OpenSSL takes no concurrent calls on one connection).
class TlsFront {
 public:
  explicit TlsFront(uint16_t backend) : backend_(backend) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    const auto dir = certificates();
    if (SSL_CTX_use_certificate_chain_file(ctx_, (dir / "node.pem").c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx_, (dir / "node.key").c_str(), SSL_FILETYPE_PEM) != 1) {
      throw std::runtime_error("cannot load the test certificate");
    }
    listener_ = listen_loopback(port_);
    acceptor_ = std::thread([this] {
      for (;;) {
        int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0 || stopping_) {
          if (client >= 0) ::close(client);
          return;
        }
        relays_.emplace_back([this, client] { relay(client); });
      }
    });
  }
  ~TlsFront() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    for (auto& t : relays_) t.join();
    ::close(listener_);
    SSL_CTX_free(ctx_);
  }
  uint16_t port() const { return port_; }
  int handshakes_failed() const { return failed_.load(); }

 private:
  void relay(int client) {
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, client);
    if (SSL_accept(ssl) != 1) {
      ++failed_;
      SSL_free(ssl);
      ::close(client);
      return;
    }
    int backend = connect_loopback(backend_);
    char buf[16384];
    while (!stopping_) {
      pollfd p[2] = {{client, POLLIN, 0}, {backend, POLLIN, 0}};
      if (SSL_pending(ssl) == 0 && ::poll(p, 2, 100) <= 0) continue;
      if (SSL_pending(ssl) > 0 || p[0].revents) {
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0 || ::send(backend, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) break;
      }
      if (p[1].revents) {
        ssize_t n = ::recv(backend, buf, sizeof buf, 0);
        if (n <= 0 || SSL_write(ssl, buf, static_cast<int>(n)) != n) break;
      }
    }
    SSL_free(ssl);
    ::close(client);
    ::close(backend);
  }

  uint16_t backend_;
  SSL_CTX* ctx_ = nullptr;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> failed_{0};
  std::thread acceptor_;
  std::vector<std::thread> relays_;  // touched by the acceptor only, until it is joined
};

ConnectionOptions with_tls(const std::string& ca_file) {
  ConnectionOptions o;
  o.connect_timeout = 3000ms;
  auto context = TlsContext::create(TlsOptions{ca_file});
  if (!context) throw std::runtime_error(context.error().message);
  o.tls = *context;
  return o;
}

FakeServer answering_queries() {
  return FakeServer([](FakeServer::Peer& peer, const testing::RequestFrame& f) {
    if (f.opcode == Opcode::kQuery) peer.reply(f.stream, Opcode::kResult, testing::void_result());
  });
}

std::string query_body() {
  return *protocol::encode_query("SELECT now() FROM system.local", protocol::QueryParameters{});
}

TEST(Tls, ManyRequestsInFlightFromSeveralThreads) {
  FakeServer server = answering_queries();
  TlsFront front(server.port());
  auto conn = Connection::open(Endpoint{"127.0.0.1", front.port()}, with_tls(ca()));
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  const std::string body = query_body();
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      std::vector<PendingResponse> pending;
      for (int i = 0; i < 150; ++i) {
        pending.push_back((*conn)->send(Opcode::kQuery, body, Clock::now() + 10s));
      }
      for (auto& p : pending) {
        if (auto r = p.wait(); r.ok() && std::holds_alternative<protocol::ResultMessage>(r->body))
          ++answered;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), 900);
  EXPECT_FALSE((*conn)->defunct()) << (*conn)->defunct_reason();
  EXPECT_EQ(front.handshakes_failed(), 0);
}

TEST(Tls, UnknownCaIsRefusedWithTheReason) {
  FakeServer server = answering_queries();
  TlsFront front(server.port());
  auto conn = Connection::open(Endpoint{"127.0.0.1", front.port()}, with_tls(other_ca()));
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("TLS handshake failed: certificate verify failed ("),
            std::string::npos)
      << conn.error().message;
  EXPECT_EQ(conn.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(server.connections(), 0);  // nothing reached the server behind
}

TEST(Tls, HostNameNotInTheCertificateIsRefused) {
  FakeServer server = answering_queries();
  TlsFront front(server.port());
  auto conn = Connection::open(Endpoint{"localhost", front.port()}, with_tls(ca()));
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("certificate verify failed (hostname mismatch): the "
                                      "server's certificate does not name localhost"),
            std::string::npos)
      << conn.error().message;
}

TEST(Tls, PlainClientHearsThatTheServerMayWantTls) {
  FakeServer server = answering_queries();
  TlsFront front(server.port());
  ConnectionOptions plain;
  plain.connect_timeout = 3000ms;
  auto conn = Connection::open(Endpoint{"127.0.0.1", front.port()}, plain);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("does the server want TLS?"), std::string::npos)
      << conn.error().message;
}

TEST(Tls, TlsClientToAPlainServerFailsWithinTheTimeout) {
  testing::SilentListener silent;
  ConnectionOptions o = with_tls(ca());
  o.connect_timeout = 300ms;
  const auto start = Clock::now();
  auto conn = Connection::open(Endpoint{"127.0.0.1", silent.port()}, o);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("TLS handshake timed out"), std::string::npos)
      << conn.error().message;
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(Tls, CaFilesThatCannotBeUsedAreOneLineErrors) {
  auto missing = TlsContext::create(TlsOptions{"/nonexistent/ca.pem"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "TLS: cannot read CA file /nonexistent/ca.pem: No such file or directory");
  const auto junk = certificates() / "junk.pem";
  std::ofstream(junk) << "not a certificate\n";
  auto not_pem = TlsContext::create(TlsOptions{junk.string()});
  ASSERT_FALSE(not_pem.ok());
  EXPECT_NE(not_pem.error().message.find("TLS: CA file " + junk.string() + ": "), std::string::npos)
      << not_pem.error().message;
  EXPECT_TRUE(TlsContext::create(TlsOptions{ca()}).ok());
  EXPECT_TRUE(TlsContext::create(TlsOptions{}).ok());  // the system's store
}

}  // namespace
}  // namespace clicklog::cql
