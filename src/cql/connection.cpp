#include "cql/connection.h"

#include <fmt/format.h>

#include "common/log.h"
#include "cql/cql_text.h"
#include "cql/protocol/requests.h"

namespace clicklog::cql {

using protocol::Opcode;

struct PendingResponse::Slot {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Result<protocol::Response>> result;
  Failure failure = Failure::kNone;
  bool abandoned = false;  // guarded by the connection's mu_

  void complete(Result<protocol::Response> r, Failure f) {
    {
      std::lock_guard lock(mu);
      if (result) return;
      result.emplace(std::move(r));
      failure = f;
    }
    cv.notify_all();
  }
};

PendingResponse::PendingResponse(std::shared_ptr<Connection> conn, std::shared_ptr<Slot> slot,
                                 int16_t stream, Deadline deadline)
    : conn_(std::move(conn)), slot_(std::move(slot)), stream_(stream), deadline_(deadline) {}

Result<protocol::Response> PendingResponse::wait() {
  std::unique_lock lock(slot_->mu);
  if (!slot_->cv.wait_until(lock, deadline_, [&] { return slot_->result.has_value(); })) {
    lock.unlock();
    if (conn_->abandon(stream_, slot_)) {
      failure_ = Failure::kTimedOut;
      return Error{fmt::format("{}: no response before the deadline (request timed out)",
                               conn_->endpoint().to_string())};
    }
    // The reader (or a failing connection) took the slot meanwhile and is completing it.
    lock.lock();
    slot_->cv.wait(lock, [&] { return slot_->result.has_value(); });
  }
  failure_ = slot_->failure;
  return std::move(*slot_->result);
}

Connection::Connection(Private, Endpoint endpoint, Socket socket, const ConnectionOptions& options)
    : endpoint_(std::move(endpoint)),
      options_(options),
      socket_(std::move(socket)),
      ids_(options.max_streams),
      slots_(static_cast<size_t>(ids_.capacity())) {}

Result<std::shared_ptr<Connection>> Connection::open(const Endpoint& endpoint,
                                                     const ConnectionOptions& options) {
  Deadline deadline = Clock::now() + options.connect_timeout;
  auto socket =
      Socket::connect(endpoint, options.connect_timeout, options.write_timeout, options.tls.get());
  if (!socket) return socket.error();
  auto conn = std::make_shared<Connection>(Private{}, endpoint, std::move(*socket), options);
  conn->reader_ = std::thread([raw = conn.get()] { raw->reader_loop(); });
  if (auto st = conn->handshake(deadline); !st) {
    conn->close();
    return Error{fmt::format("{}: {}", endpoint.to_string(), st.message())};
  }
  return conn;
}

Connection::~Connection() {
  close();
}

void Connection::close() {
  mark_defunct("connection closed by the client");
  if (reader_.joinable()) {
    if (reader_.get_id() == std::this_thread::get_id()) {
      reader_.detach();
    } else {
      reader_.join();
    }
  }
}

Status Connection::handshake(Deadline deadline) {
  auto startup = protocol::encode_startup({{"DRIVER_NAME", "clicklog"}, {"DRIVER_VERSION", "0.1"}});
  auto sent = send(Opcode::kStartup, startup, deadline);
  auto reply = sent.wait();
  if (!reply) {
    // A node that wants TLS hangs up on a frame in the clear: say so, not just "reset".
    const bool maybe_tls = !options_.tls && sent.failure() == Failure::kConnectionLost;
    return Error{"STARTUP: " + reply.error().message +
                 (maybe_tls ? " (does the server want TLS? add ?tls=1&ca=PATH to the URI)" : "")};
  }
  if (auto* e = std::get_if<protocol::ServerError>(&reply->body)) {
    return Error{"STARTUP refused: " + protocol::describe(*e)};
  }
  if (auto* auth = std::get_if<protocol::AuthenticateResponse>(&reply->body)) {
    if (!options_.credentials) {
      return Error{
          fmt::format("the server requires authentication ({}) but no credentials were "
                      "given (cassandra://HOST/KEYSPACE?user=NAME&password=file:PATH)",
                      auth->authenticator)};
    }
    std::string token =
        protocol::plain_auth_token(options_.credentials->user, options_.credentials->password);
    // PasswordAuthenticator settles in one round; a few more allow for chattier mechanisms.
    for (int round = 0;; ++round) {
      auto answer = request(Opcode::kAuthResponse, protocol::encode_auth_response(token), deadline);
      if (!answer) return Error{"AUTH_RESPONSE: " + answer.error().message};
      if (std::holds_alternative<protocol::AuthSuccessResponse>(answer->body)) break;
      if (auto* e = std::get_if<protocol::ServerError>(&answer->body)) {
        return Error{fmt::format("authentication as '{}' failed: {}", options_.credentials->user,
                                 protocol::describe(*e))};
      }
      if (!std::holds_alternative<protocol::AuthChallengeResponse>(answer->body) || round >= 3) {
        return Error{"unexpected answer during authentication"};
      }
    }
  } else if (!std::holds_alternative<protocol::ReadyResponse>(reply->body)) {
    return Error{"unexpected answer to STARTUP"};
  }
  if (!options_.keyspace.empty()) {
    auto body = protocol::encode_query("USE " + quote_identifier(options_.keyspace),
                                       protocol::QueryParameters{});
    if (!body) return Error{body.error().message};
    auto used = request(Opcode::kQuery, *body, deadline);
    if (!used) return Error{"USE: " + used.error().message};
    if (auto* e = std::get_if<protocol::ServerError>(&used->body)) {
      return Error{fmt::format("USE {}: {}", options_.keyspace, protocol::describe(*e))};
    }
  }
  return {};
}

PendingResponse Connection::send(Opcode opcode, std::string_view body, Deadline deadline) {
  auto slot = std::make_shared<PendingResponse::Slot>();
  auto fail_now = [&](std::string message) {
    slot->complete(Error{fmt::format("{}: {}", endpoint_.to_string(), message)}, Failure::kNotSent);
    return PendingResponse(shared_from_this(), slot, -1, deadline);
  };
  int16_t stream = -1;
  {
    std::unique_lock lock(mu_);
    bool got = stream_freed_.wait_until(
        lock, deadline, [&] { return defunct_.load() || ids_.in_use_count() < ids_.capacity(); });
    if (defunct_.load()) return fail_now("connection is down: " + defunct_reason_);
    if (!got)
      return fail_now(fmt::format("all {} stream ids busy until the deadline", ids_.capacity()));
    stream = *ids_.acquire();
    slots_[static_cast<size_t>(stream)] = slot;
  }
  std::string header;
  protocol::encode_header(
      {protocol::kProtocolVersion, 0, stream, opcode, static_cast<int32_t>(body.size())}, header);
  Status written;
  {
    std::lock_guard lock(write_mu_);
    written = socket_.write_all(header, body);
  }
  if (!written) mark_defunct(written.message());
  return PendingResponse(shared_from_this(), slot, stream, deadline);
}

Result<protocol::Response> Connection::request(Opcode opcode, std::string_view body,
                                               Deadline deadline) {
  return send(opcode, body, deadline).wait();
}

bool Connection::abandon(int16_t stream, const std::shared_ptr<PendingResponse::Slot>& slot) {
  bool too_many = false;
  {
    std::lock_guard lock(mu_);
    if (stream < 0 || slots_[static_cast<size_t>(stream)] != slot) return false;
    slot->abandoned = true;
    too_many = ++orphans_ > options_.max_orphans;
  }
  if (too_many)
    mark_defunct(fmt::format("more than {} requests timed out unanswered", options_.max_orphans));
  return true;
}

void Connection::reader_loop() {
  std::string reason;
  char head[protocol::kHeaderSize];
  for (;;) {
    if (auto st = socket_.read_exact(head, sizeof head); !st) {
      reason = st.message();
      break;
    }
    auto header = protocol::decode_response_header(std::string_view(head, sizeof head));
    if (!header) {
      reason = "bad frame header: " + header.error().message;
      break;
    }
    std::string body(static_cast<size_t>(header->length), '\0');
    if (auto st = socket_.read_exact(body.data(), body.size()); !st) {
      reason = st.message();
      break;
    }
    if (header->stream < 0) continue;  // server events: none registered, none needed
    std::shared_ptr<PendingResponse::Slot> slot;
    {
      std::lock_guard lock(mu_);
      if (ids_.in_use(header->stream)) {
        slot = std::move(slots_[static_cast<size_t>(header->stream)]);
        ids_.release(header->stream);
        if (slot && slot->abandoned) --orphans_;
      }
    }
    if (!slot) {
      log::warn("cql {}: response on stream {} that no request holds; ignored",
                endpoint_.to_string(), header->stream);
      continue;
    }
    stream_freed_.notify_one();
    auto decoded = protocol::decode_response(*header, std::move(body));
    if (!decoded) {
      decoded = Error{fmt::format("{}: {}", endpoint_.to_string(), decoded.error().message)};
    }
    slot->complete(std::move(decoded), Failure::kNone);
  }
  mark_defunct(reason);
}

void Connection::mark_defunct(const std::string& reason) {
  std::vector<std::shared_ptr<PendingResponse::Slot>> pending;
  {
    std::lock_guard lock(mu_);
    if (defunct_.load()) return;
    defunct_reason_ = reason;
    defunct_.store(true);
    for (auto& s : slots_) {
      if (s) pending.push_back(std::move(s));
    }
  }
  socket_.shutdown();
  stream_freed_.notify_all();
  for (auto& s : pending) {
    s->complete(Error{fmt::format("{}: connection lost: {}", endpoint_.to_string(), reason)},
                Failure::kConnectionLost);
  }
}

std::string Connection::defunct_reason() const {
  std::lock_guard lock(mu_);
  return defunct_reason_;
}

int Connection::in_flight() const {
  std::lock_guard lock(mu_);
  return ids_.in_use_count();
}

int Connection::orphaned() const {
  std::lock_guard lock(mu_);
  return orphans_;
}

}  // namespace clicklog::cql
