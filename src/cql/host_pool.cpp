#include "cql/host_pool.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/log.h"

namespace clicklog::cql {

namespace {
constexpr std::chrono::milliseconds kFirstBackoff{1000};
constexpr std::chrono::milliseconds kMaxBackoff{30000};
}  // namespace

void HostPool::set_hosts(const std::vector<Endpoint>& hosts) {
  std::vector<std::shared_ptr<Host>> dropped;
  {
    std::lock_guard lock(mu_);
    std::map<Endpoint, std::shared_ptr<Host>> next;
    for (const auto& ep : hosts) {
      auto it = hosts_.find(ep);
      next[ep] = it != hosts_.end() ? it->second : std::make_shared<Host>();
    }
    for (auto& [ep, host] : hosts_) {
      if (!next.count(ep)) dropped.push_back(host);
    }
    hosts_ = std::move(next);
  }
  for (auto& host : dropped) {
    std::lock_guard lock(host->connect_mu);
    if (host->conn) host->conn->close();
  }
}

std::vector<Endpoint> HostPool::hosts() const {
  std::lock_guard lock(mu_);
  std::vector<Endpoint> out;
  for (const auto& [ep, host] : hosts_) out.push_back(ep);
  return out;
}

Result<std::shared_ptr<Connection>> HostPool::connection(const Endpoint& ep) {
  if (closed_) return Error{"the session is closed"};
  std::shared_ptr<Host> host;
  {
    std::lock_guard lock(mu_);
    auto it = hosts_.find(ep);
    if (it == hosts_.end()) return Error{fmt::format("{} is not a known node", ep.to_string())};
    host = it->second;
  }
  std::lock_guard lock(host->connect_mu);
  if (closed_) return Error{"the session is closed"};
  if (host->conn && !host->conn->defunct()) return host->conn;
  if (host->conn) {
    log::warn("cql: connection to {} lost ({}); reconnecting", ep.to_string(),
              host->conn->defunct_reason());
    host->conn.reset();
  }
  auto now = Clock::now();
  if (now < host->retry_at) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(host->retry_at - now);
    return Error{fmt::format("{} is down ({}); next attempt in {} ms", ep.to_string(),
                             host->last_error, wait.count())};
  }
  auto conn = Connection::open(ep, options_);
  if (!conn) {
    host->backoff =
        host->backoff.count() == 0 ? kFirstBackoff : std::min(host->backoff * 2, kMaxBackoff);
    host->retry_at = Clock::now() + host->backoff;
    host->last_error = conn.error().message;
    return conn.error();
  }
  host->backoff = std::chrono::milliseconds{0};
  host->conn = *conn;
  return host->conn;
}

std::vector<Endpoint> HostPool::plan(const std::vector<Endpoint>& preferred) {
  std::vector<Endpoint> all = hosts();
  std::vector<Endpoint> out;
  out.reserve(all.size());
  for (const auto& ep : preferred) {
    if (std::find(all.begin(), all.end(), ep) != all.end() &&
        std::find(out.begin(), out.end(), ep) == out.end()) {
      out.push_back(ep);
    }
  }
  if (all.empty()) return out;
  size_t start = rotation_.fetch_add(1) % all.size();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& ep = all[(start + i) % all.size()];
    if (std::find(out.begin(), out.end(), ep) == out.end()) out.push_back(ep);
  }
  return out;
}

void HostPool::close_all() {
  closed_ = true;
  std::vector<std::shared_ptr<Host>> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [ep, host] : hosts_) all.push_back(host);
  }
  for (auto& host : all) {
    std::lock_guard lock(host->connect_mu);
    if (host->conn) host->conn->close();
  }
}

}  // namespace clicklog::cql
