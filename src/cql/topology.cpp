// SessionCore's view of the cluster: nodes and tokens from system.local and system.peers(_v2),
// and schema agreement (every node reporting the same schema_version).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <thread>

#include "common/log.h"
#include "cql/session_core.h"

namespace clicklog::cql {

namespace {

struct NodeTokens {
  Endpoint endpoint;
  std::vector<std::string> tokens;
};

Status add_tokens(std::vector<std::pair<int64_t, Endpoint>>& ring, const NodeTokens& node) {
  for (const auto& text : node.tokens) {
    auto token = parse_token(text);
    if (!token) return Error{token.error().message};
    ring.emplace_back(*token, node.endpoint);
  }
  return {};
}

// The address clients use for a peer; a wildcard means "the peer address itself".
std::string client_host(const Inet& peer, const std::optional<Inet>& native) {
  if (!native || native->address == "0.0.0.0" || native->address == "::") return peer.address;
  return native->address;
}

// Peers as the native protocol reaches them: native_address/native_port from system.peers_v2
// (Cassandra 4+), else rpc_address from system.peers with the contact port.
Result<std::vector<NodeTokens>> read_peers(SessionCore& core, Connection& conn, Deadline deadline) {
  std::vector<NodeTokens> out;
  auto v2 = core.run(conn, "SELECT peer, native_address, native_port, tokens FROM system.peers_v2",
                     deadline);
  if (v2) {
    for (size_t i = 0; i < v2->size(); ++i) {
      auto row = v2->row(i);
      auto peer = row.get<Inet>("peer");
      auto addr = row.get_optional<Inet>("native_address");
      auto port = row.get_optional<int32_t>("native_port");
      auto tokens = row.get_optional<std::vector<std::string>>("tokens");
      if (!peer || !addr || !port || !tokens) return Error{"malformed system.peers_v2 row"};
      std::string host = client_host(*peer, *addr);
      auto p = port->value_or(conn.endpoint().port);
      out.push_back(
          {Endpoint{host, static_cast<uint16_t>(p)}, tokens->value_or(std::vector<std::string>{})});
    }
    return out;
  }
  auto v1 = core.run(conn, "SELECT peer, rpc_address, tokens FROM system.peers", deadline);
  if (!v1) return v1.error();
  for (size_t i = 0; i < v1->size(); ++i) {
    auto row = v1->row(i);
    auto peer = row.get<Inet>("peer");
    auto addr = row.get_optional<Inet>("rpc_address");
    auto tokens = row.get_optional<std::vector<std::string>>("tokens");
    if (!peer || !addr || !tokens) return Error{"malformed system.peers row"};
    std::string host = client_host(*peer, *addr);
    out.push_back(
        {Endpoint{host, conn.endpoint().port}, tokens->value_or(std::vector<std::string>{})});
  }
  return out;
}

}  // namespace

Status SessionCore::refresh_topology() {
  auto conn = any_connection();
  if (!conn) return Error{conn.error().message};
  Deadline deadline = Clock::now() + config_.request_timeout;
  auto local = run(**conn, "SELECT tokens FROM system.local WHERE key = 'local'", deadline);
  if (!local) return Error{local.error().message};
  if (local->size() != 1) return Error{"system.local has no row for the local node"};
  auto local_tokens = local->row(0).get_optional<std::vector<std::string>>("tokens");
  if (!local_tokens) return Error{local_tokens.error().message};

  auto peers = read_peers(*this, **conn, deadline);
  if (!peers) return Error{peers.error().message};

  std::vector<std::pair<int64_t, Endpoint>> tokens;
  NodeTokens self{(*conn)->endpoint(), local_tokens->value_or(std::vector<std::string>{})};
  if (auto st = add_tokens(tokens, self); !st) return st;
  std::vector<Endpoint> hosts = config_.contact_points;
  for (const auto& peer : *peers) {
    if (auto st = add_tokens(tokens, peer); !st) return st;
    if (std::find(hosts.begin(), hosts.end(), peer.endpoint) == hosts.end()) {
      hosts.push_back(peer.endpoint);
    }
  }
  pool_.set_hosts(hosts);
  auto ring = std::make_shared<const TokenRing>(std::move(tokens));
  log::debug("cql: ring of {} tokens over {} nodes", ring->token_count(), peers->size() + 1);
  std::lock_guard lock(mu_);
  ring_ = std::move(ring);
  return {};
}

Status SessionCore::wait_for_schema_agreement(std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  std::string last = "not checked";
  while (true) {
    auto conn = any_connection();
    if (conn) {
      std::set<std::string> versions;
      auto local =
          run(**conn, "SELECT schema_version FROM system.local WHERE key = 'local'", deadline);
      auto peers = run(**conn, "SELECT peer, schema_version FROM system.peers", deadline);
      if (local && peers) {
        for (const ResultSet* rs : {&*local, &*peers}) {
          for (size_t i = 0; i < rs->size(); ++i) {
            auto v = rs->row(i).get_optional<Uuid>("schema_version");
            if (v && v->has_value()) versions.insert((*v)->to_string());
          }
        }
        if (versions.size() == 1) return {};
        last = fmt::format("{} schema versions in the cluster", versions.size());
      } else {
        last = !local ? local.error().message : peers.error().message;
      }
    } else {
      last = conn.error().message;
    }
    if (Clock::now() + std::chrono::milliseconds(200) >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Error{fmt::format("no schema agreement within {} ms: {}", timeout.count(), last)};
}

}  // namespace clicklog::cql
