#include "cql/tls.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace clicklog::cql {

namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// The oldest queued OpenSSL error as its reason ("certificate verify failed"), or `fallback`.
std::string openssl_reason(const char* fallback) {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return fallback;
  if (const char* reason = ERR_reason_error_string(e)) return reason;
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// OpenSSL's socket BIO writes with write(), which raises SIGPIPE on a connection the peer
// reset; clicklog keeps SIGPIPE's default action, so this BIO sends with MSG_NOSIGNAL instead.
int fd_of(BIO* b) {
  return static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(b)));
}

int bio_write(BIO* b, const char* data, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::send(fd_of(b), data, static_cast<size_t>(len), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(b);
  return static_cast<int>(n);
}

int bio_read(BIO* b, char* out, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::recv(fd_of(b), out, static_cast<size_t>(len), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(b);
  return static_cast<int>(n);
}

long bio_ctrl(BIO*, int cmd, long, void*) {
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int bio_create(BIO* b) {
  BIO_set_init(b, 1);
  return 1;
}

const BIO_METHOD* socket_bio_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "clicklog socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

// poll() for `events`, restarting on signals; timeout -1 waits for ever. > 0: ready.
int wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n;
}

int remaining_ms(SteadyClock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
  return static_cast<int>(std::clamp<milliseconds::rep>(left.count(), 0, INT_MAX));
}

bool is_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Result<std::shared_ptr<const TlsContext>> TlsContext::create(const TlsOptions& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return Error{"TLS: " + openssl_reason("cannot make an OpenSSL context")};
  std::shared_ptr<const TlsContext> out(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // Renegotiation is the one way a read could need a write and a write a read, which the
  // stream's locking (tls.h) does not allow for.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  if (options.ca_file.empty()) {
    if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
      return Error{"TLS: cannot load the system's CA certificates: " + openssl_reason("unknown")};
    }
    return out;
  }
  if (::access(options.ca_file.c_str(), R_OK) != 0) {
    return Error{
        fmt::format("TLS: cannot read CA file {}: {}", options.ca_file, std::strerror(errno))};
  }
  if (SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1) {
    return Error{fmt::format("TLS: CA file {}: {}", options.ca_file,
                             openssl_reason("holds no PEM certificate"))};
  }
  return out;
}

TlsContext::~TlsContext() {
  SSL_CTX_free(ctx_);
}

struct TlsStream::Step {
  short events = 0;  // wait for these, then call again; 0: failed for `reason`
  std::string reason;
  bool closed = false;  // the peer ended the connection
};

TlsStream::Step TlsStream::step(int rc) {
  const int saved_errno = errno;
  switch (SSL_get_error(ssl_, rc)) {
    case SSL_ERROR_WANT_READ:
      return {POLLIN, {}, false};
    case SSL_ERROR_WANT_WRITE:
      return {POLLOUT, {}, false};
    case SSL_ERROR_ZERO_RETURN:
      return {0, "connection closed by peer", true};
    case SSL_ERROR_SYSCALL:
      if (ERR_peek_error() == 0) {
        if (saved_errno == 0) return {0, "connection closed by peer", true};
        return {0, std::strerror(saved_errno), false};
      }
      break;
    default:
      break;
  }
  if (ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    ERR_clear_error();
    return {0, "connection closed by peer", true};
  }
  return {0, openssl_reason("TLS error"), false};
}

Result<std::unique_ptr<TlsStream>> TlsStream::handshake(int fd, const TlsContext& context,
                                                        const std::string& host,
                                                        milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  ERR_clear_error();
  SSL* ssl = SSL_new(context.get());
  if (!ssl) return Error{"TLS: " + openssl_reason("cannot make an OpenSSL connection")};
  std::unique_ptr<TlsStream> stream(new TlsStream(fd, ssl));
  BIO* bio = BIO_new(socket_bio_method());
  if (!bio) return Error{"TLS: " + openssl_reason("cannot make a BIO")};
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(fd)));
  SSL_set_bio(ssl, bio, bio);
  // An address is checked against the certificate's IP entries; a name against its DNS ones,
  // and sent as SNI, which must not be an address (RFC 6066).
  if (is_address(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  } else if (SSL_set1_host(ssl, host.c_str()) != 1 ||
             SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    return Error{fmt::format("TLS: bad host name '{}'", host)};
  }
  for (;;) {
    ERR_clear_error();
    const int rc = SSL_connect(ssl);
    if (rc == 1) return stream;
    Step s = stream->step(rc);
    if (s.events == 0) {
      const long verdict = SSL_get_verify_result(ssl);
      if (verdict != X509_V_OK) {
        s.reason =
            fmt::format("certificate verify failed ({})", X509_verify_cert_error_string(verdict));
        if (verdict == X509_V_ERR_HOSTNAME_MISMATCH || verdict == X509_V_ERR_IP_ADDRESS_MISMATCH) {
          s.reason += fmt::format(": the server's certificate does not name {}", host);
        }
      } else if (s.closed) {
        s.reason += " (does the server speak TLS on this port?)";
      }
      return Error{"TLS handshake failed: " + s.reason};
    }
    const int n = wait_for(fd, s.events, remaining_ms(deadline));
    if (n == 0) return Error{fmt::format("TLS handshake timed out after {} ms", timeout.count())};
    if (n < 0) return Error{fmt::format("TLS handshake failed: {}", std::strerror(errno))};
  }
}

TlsStream::~TlsStream() {
  SSL_free(ssl_);
}

Status TlsStream::read_exact(char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    int rc;
    Step s;
    {
      std::lock_guard lock(mu_);
      ERR_clear_error();
      rc = SSL_read(ssl_, out + got, static_cast<int>(std::min<size_t>(n - got, INT_MAX)));
      if (rc <= 0) s = step(rc);
    }
    if (rc > 0) {
      got += static_cast<size_t>(rc);
      continue;
    }
    if (s.events == 0) {
      if (s.closed) return Error{s.reason};
      return Error{"TLS read failed: " + s.reason};
    }
    if (wait_for(fd_, s.events, -1) < 0) {
      return Error{fmt::format("read failed: {}", std::strerror(errno))};
    }
  }
  return {};
}

Status TlsStream::write_all(std::string_view data, milliseconds timeout) {
  while (!data.empty()) {
    int rc;
    Step s;
    {
      std::lock_guard lock(mu_);
      ERR_clear_error();
      rc = SSL_write(ssl_, data.data(), static_cast<int>(std::min<size_t>(data.size(), INT_MAX)));
      if (rc <= 0) s = step(rc);
    }
    if (rc > 0) {
      data.remove_prefix(static_cast<size_t>(rc));
      continue;
    }
    if (s.events == 0) return Error{"TLS write failed: " + s.reason};
    const int ready = wait_for(fd_, s.events, static_cast<int>(timeout.count()));
    if (ready == 0) return Error{"write timed out: peer not reading"};
    if (ready < 0) return Error{fmt::format("write failed: {}", std::strerror(errno))};
  }
  return {};
}

}  // namespace clicklog::cql
