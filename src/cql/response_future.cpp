#include "cql/response_future.h"

#include <fmt/format.h>

#include "common/log.h"
#include "cql/session_core.h"

namespace clicklog::cql {

namespace {

using protocol::ErrorCode;

// The server refused before applying anything: any other node may run it.
bool not_applied(const protocol::ServerError& e) {
  return e.is(ErrorCode::kUnavailable) || e.is(ErrorCode::kOverloaded) ||
         e.is(ErrorCode::kIsBootstrapping);
}

// May have been applied on some replicas: only idempotent statements go again.
bool maybe_applied(const protocol::ServerError& e) {
  return e.is(ErrorCode::kReadTimeout) || e.is(ErrorCode::kWriteTimeout) ||
         e.is(ErrorCode::kReadFailure) || e.is(ErrorCode::kWriteFailure) ||
         e.is(ErrorCode::kServerError);
}

constexpr int kMaxReprepares = 3;

}  // namespace

ResponseFuture::ResponseFuture(std::shared_ptr<SessionCore> core, Request request)
    : core_(std::move(core)) {
  core_->requests.fetch_add(1);
  plan_ = core_->plan_for(request.token);
  request_ = std::make_shared<const Request>(std::move(request));
  send_next();
}

ResponseFuture ResponseFuture::failed(Error error) {
  ResponseFuture f;
  f.failed_ = std::move(error);
  return f;
}

Error ResponseFuture::with_context(const std::string& message, const Endpoint* where) const {
  std::string what = request_ ? request_->describe() : std::string("request");
  if (where)
    return Error{fmt::format("cassandra {}: {} failed: {}", where->to_string(), what, message)};
  return Error{fmt::format("cassandra: {} failed: {}", what, message)};
}

void ResponseFuture::send_next() {
  while (next_host_ < plan_.size() && attempts_ < core_->config().max_attempts) {
    const Endpoint& ep = plan_[next_host_++];
    auto conn = core_->pool().connection(ep);
    if (!conn) {
      last_error_ = conn.error().message;
      continue;
    }
    send_on(*conn);
    return;
  }
  if (!failed_) {
    failed_ = with_context(plan_.empty() ? "no nodes known"
                                         : fmt::format("no node could run it (last error: {})",
                                                       last_error_.empty() ? "none" : last_error_),
                           nullptr);
  }
}

void ResponseFuture::send_on(const std::shared_ptr<Connection>& conn) {
  auto encoded = request_->encode();
  if (!encoded) {
    failed_ = with_context(encoded.error().message, nullptr);
    return;
  }
  ++attempts_;
  // Each send has the whole timeout: a node that hangs costs one timeout, then the next node
  // gets a fair chance.
  deadline_ = Clock::now() + *request_->options.timeout;
  pending_.emplace(conn->send(encoded->first, encoded->second, deadline_));
}

Result<ResultSet> ResponseFuture::get() {
  while (true) {
    if (failed_) return *failed_;
    if (!pending_) return with_context("the outcome was already collected", nullptr);
    auto reply = pending_->wait();
    Failure failure = pending_->failure();
    std::shared_ptr<Connection> conn = pending_->connection();
    pending_.reset();
    const Endpoint where = conn->endpoint();

    if (!reply) {
      if (failure == Failure::kTimedOut) core_->timeouts.fetch_add(1);
      last_error_ = reply.error().message;
      bool retry = failure == Failure::kNotSent || request_->options.idempotent;
      if (!retry) return with_context(reply.error().message, &where);
      core_->retries.fetch_add(1);
      send_next();
      continue;
    }

    if (auto* e = std::get_if<protocol::ServerError>(&reply->body)) {
      if (e->is(ErrorCode::kUnprepared) && reprepares_ < kMaxReprepares) {
        ++reprepares_;
        log::info("cql {}: statement unknown to the node (UNPREPARED); preparing it again",
                  where.to_string());
        Status st;
        deadline_ = Clock::now() + *request_->options.timeout;
        for (const auto& p : request_->prepared_statements()) {
          if (auto snap = p->snapshot(); snap->id == e->unprepared_id || e->unprepared_id.empty() ||
                                         request_->prepared_statements().size() == 1) {
            st = core_->reprepare(*conn, *p, deadline_);
            if (!st) break;
          }
        }
        if (!st) return with_context(st.message(), &where);
        send_on(conn);
        continue;
      }
      bool retry = not_applied(*e) || (maybe_applied(*e) && request_->options.idempotent);
      last_error_ = protocol::describe(*e);
      if (retry && next_host_ < plan_.size()) {
        core_->retries.fetch_add(1);
        send_next();
        continue;
      }
      core_->server_errors.fetch_add(1);
      return with_context(protocol::describe(*e), &where);
    }

    auto rs = to_result_set(std::move(*reply));
    if (!rs) return with_context(rs.error().message, &where);
    if (rs->kind() == ResultKind::kSchemaChange) {
      if (auto st = core_->wait_for_schema_agreement(core_->config().schema_agreement_timeout);
          !st) {
        log::warn("cql: after {}: {}", request_->describe(), st.message());
      }
    }
    return rs;
  }
}

}  // namespace clicklog::cql
