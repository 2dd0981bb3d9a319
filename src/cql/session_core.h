// SessionCore: the state a Session and its in-flight requests share — configuration, node
// connections, token ring, prepared-statement cache and counters. Internal: callers use
// Session. Held by shared_ptr so a ResponseFuture stays valid even after its Session is gone.
// Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "cql/host_pool.h"
#include "cql/prepared_statement.h"
#include "cql/result_set.h"
#include "cql/session_config.h"
#include "cql/token_ring.h"

namespace clicklog::cql {

struct SessionStats {
  uint64_t requests = 0;       // statements started (not sends)
  uint64_t retries = 0;        // sends to another node after a retryable failure
  uint64_t reprepares = 0;     // statements prepared again after UNPREPARED
  uint64_t timeouts = 0;       // sends with no answer by the deadline
  uint64_t server_errors = 0;  // ERROR answers handed to the caller
};

class SessionCore {
 public:
  // `tls`: the context of config.tls, made by the caller since making it may fail.
  explicit SessionCore(SessionConfig config, std::shared_ptr<const TlsContext> tls = nullptr);

  const SessionConfig& config() const { return config_; }
  HostPool& pool() { return pool_; }

  // A live connection to the first reachable node, in rotating order.
  Result<std::shared_ptr<Connection>> any_connection();

  Result<Prepared> prepare(const std::string& cql);
  // Prepares `statement` again on `conn` after that node answered UNPREPARED.
  Status reprepare(Connection& conn, PreparedStatement& statement, Deadline deadline);

  // A one-off QUERY on one connection (system tables, topology), no retries.
  Result<ResultSet> run(Connection& conn, const std::string& cql, Deadline deadline);

  // Reads system.local and system.peers[_v2]: nodes and the token ring.
  Status refresh_topology();
  Status wait_for_schema_agreement(std::chrono::milliseconds timeout);

  // The order to try nodes in for a request with this partition token.
  std::vector<Endpoint> plan_for(std::optional<int64_t> token);
  std::shared_ptr<const TokenRing> ring() const;

  SessionStats stats() const;
  std::atomic<uint64_t> requests{0}, retries{0}, reprepares{0}, timeouts{0}, server_errors{0};

 private:
  const SessionConfig config_;
  HostPool pool_;
  mutable std::mutex mu_;  // guards ring_ and prepared_
  std::shared_ptr<const TokenRing> ring_ = std::make_shared<TokenRing>();
  std::map<std::string, Prepared> prepared_;
};

// Turns a RESULT or ERROR answer into a ResultSet or an error message.
Result<ResultSet> to_result_set(protocol::Response&& response);

}  // namespace clicklog::cql
