// HostPool: the nodes a session talks to, with one Connection each, opened on first use and
// replaced when it goes defunct. A node that cannot be reached is skipped for a backoff period
// (1 s doubling to 30 s) so requests fail over at once instead of waiting on it each time.
// Thread-safe; a caller opening a connection blocks only callers wanting the same node.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "common/result.h"
#include "cql/connection.h"

namespace clicklog::cql {

class HostPool {
 public:
  explicit HostPool(ConnectionOptions options) : options_(std::move(options)) {}
  ~HostPool() { close_all(); }

  // Replaces the set of nodes, keeping the connections of nodes still listed.
  void set_hosts(const std::vector<Endpoint>& hosts);
  std::vector<Endpoint> hosts() const;

  // The node's live connection, opening one if needed. Fails fast while the node is in backoff.
  Result<std::shared_ptr<Connection>> connection(const Endpoint& host);

  // The order to try nodes in: `preferred` (replicas, in ring order) first, then the others
  // starting at a rotating offset so load spreads.
  std::vector<Endpoint> plan(const std::vector<Endpoint>& preferred);

  // Closes every connection for good: later connection() calls fail.
  void close_all();

 private:
  struct Host {
    std::mutex connect_mu;  // one opener at a time
    std::shared_ptr<Connection> conn;
    Clock::time_point retry_at{};
    std::chrono::milliseconds backoff{0};
    std::string last_error;
  };

  const ConnectionOptions options_;
  mutable std::mutex mu_;  // guards hosts_ (the map, not the Host contents)
  std::map<Endpoint, std::shared_ptr<Host>> hosts_;
  std::atomic<size_t> rotation_{0};
  std::atomic<bool> closed_{false};
};

}  // namespace clicklog::cql
