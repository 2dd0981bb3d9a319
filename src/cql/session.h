// Session: clicklog's client for a Cassandra cluster. Connects to the first reachable contact
// point, learns the other nodes and the token ring from the system tables, and then runs
// statements with failover, token-aware routing, a prepared-statement cache and paging.
//
//   auto session = cql::Session::connect("cassandra://127.0.0.1:9042/clicklog");
//   if (!session) return session.error();                 // unreachable, bad credentials...
//   auto& s = **session;
//   s.query("CREATE TABLE IF NOT EXISTS clicks (user_id bigint, day date, hotel text, "
//           "PRIMARY KEY ((user_id, day), hotel))");      // waits for schema agreement
//   auto insert = s.prepare("INSERT INTO clicks (user_id, day, hotel) VALUES (?, ?, ?)");
//   std::vector<cql::ResponseFuture> inflight;            // many statements in flight
//   for (...) inflight.push_back(s.execute_async(*insert, {user, cql::Date{d}, hotel},
//                                                {.idempotent = true}));
//   for (auto& f : inflight) if (auto r = f.get(); !r) log::error("{}", r.error().message);
//   auto select = s.prepare("SELECT hotel FROM clicks WHERE user_id = ? AND day = ?");
//   auto pager = s.pages(*select, {user, cql::Date{d}});
//   while (!pager.done()) { auto page = pager.next(); ... }
//
// Errors are values: a failed statement's Error says which node, which statement and what the
// server answered ("cassandra 127.0.0.1:9042: prepared 'INSERT ...' failed: Invalid (0x2200):
// ..."). Retries on another node happen only for statements marked idempotent (or when the
// statement certainly was not applied).
//
// Back-pressure: each node connection carries up to max_streams_per_connection statements in
// flight; past that, *_async blocks the caller until a stream frees or the timeout passes.
//
// Threads: every method may be called from any thread at once. Each node connection has one
// reader thread of its own (see connection.h); no other threads are started. Destroying the
// Session closes its connections: futures still pending then fail with "connection lost".
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/batch.h"
#include "cql/pager.h"
#include "cql/prepared_statement.h"
#include "cql/response_future.h"
#include "cql/result_set.h"
#include "cql/session_config.h"
#include "cql/session_core.h"
#include "cql/statement.h"

namespace clicklog::cql {

class Session {
 public:
  static Result<std::unique_ptr<Session>> connect(SessionConfig config);
  // cassandra://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/KEYSPACE with default settings.
  static Result<std::unique_ptr<Session>> connect(std::string_view uri);
  ~Session();

  // Simple statements; values are encoded by their C++ type (int32_t: int, int64_t: bigint,
  // std::string: text, Timestamp, Date, Blob, Uuid, ...). DDL waits for schema agreement.
  Result<ResultSet> query(std::string_view cql, std::vector<Value> values = {},
                          QueryOptions options = {});
  ResponseFuture query_async(std::string_view cql, std::vector<Value> values = {},
                             QueryOptions options = {});

  // Prepares once per session and text; later calls return the cached statement.
  Result<Prepared> prepare(std::string_view cql);

  // Bound statements; values are checked against the bind markers' types. Routed to the node
  // owning the partition when the whole partition key is bound.
  Result<ResultSet> execute(const Prepared& statement, std::vector<Value> values,
                            QueryOptions options = {});
  ResponseFuture execute_async(const Prepared& statement, std::vector<Value> values,
                               QueryOptions options = {});

  Result<ResultSet> batch(const Batch& batch, QueryOptions options = {});
  ResponseFuture batch_async(const Batch& batch, QueryOptions options = {});

  // Pages through a SELECT (page size from options or the session); pages are reads and are
  // retried like idempotent statements. Once the Session is gone, next() fails.
  Pager pages(const Prepared& statement, std::vector<Value> values, QueryOptions options = {});
  // Every page at once, appended into one ResultSet.
  Result<ResultSet> execute_all(const Prepared& statement, std::vector<Value> values,
                                QueryOptions options = {});

  Status wait_for_schema_agreement();
  // Re-reads nodes and tokens (done at connect).
  Status refresh_topology();

  // The node a bound statement would go to first, by token (nullopt without a full key).
  std::optional<Endpoint> route(const Prepared& statement, const std::vector<Value>& values);

  SessionStats stats() const { return core_->stats(); }
  const SessionConfig& config() const { return core_->config(); }

 private:
  explicit Session(std::shared_ptr<SessionCore> core) : core_(std::move(core)) {}
  ResponseFuture start(Request request);

  std::shared_ptr<SessionCore> core_;
};

}  // namespace clicklog::cql
