// ResponseFuture: a statement already sent, whose outcome get() collects. The first send
// happens when the future is made, so a caller can have many statements in flight and collect
// them in any order. Follow-ups happen inside get(), on the caller's thread: re-preparing after
// UNPREPARED, trying the next node after a retryable failure (only for idempotent statements
// when the first send may have been applied), waiting for schema agreement after DDL.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "cql/connection.h"
#include "cql/request.h"
#include "cql/result_set.h"

namespace clicklog::cql {

class SessionCore;

class ResponseFuture {
 public:
  ResponseFuture(std::shared_ptr<SessionCore> core, Request request);
  // A future that already failed (bad values, closed session).
  static ResponseFuture failed(Error error);

  ResponseFuture(ResponseFuture&&) = default;
  ResponseFuture& operator=(ResponseFuture&&) = default;

  // Waits for the outcome. Call once.
  Result<ResultSet> get();

 private:
  ResponseFuture() = default;
  // Sends to the next reachable node of the plan; sets failed_ when none is left.
  void send_next();
  // Sends again on `conn` (after re-preparing there).
  void send_on(const std::shared_ptr<Connection>& conn);
  Error with_context(const std::string& message, const Endpoint* where) const;

  std::shared_ptr<SessionCore> core_;
  std::shared_ptr<const Request> request_;
  std::vector<Endpoint> plan_;
  size_t next_host_ = 0;
  Deadline deadline_{};
  std::optional<PendingResponse> pending_;
  std::optional<Error> failed_;
  std::string last_error_;
  int attempts_ = 0;
  int reprepares_ = 0;
};

}  // namespace clicklog::cql
