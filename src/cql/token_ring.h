// TokenRing: which node owns which Murmur3 token, as read from system.local and system.peers.
// A node with token T owns the range (previous token, T]; a key's replicas under
// SimpleStrategy are the distinct nodes met walking the ring clockwise from its owner.
// Immutable once built; the session swaps in a new ring when the topology is re-read.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "cql/cluster_uri.h"

namespace clicklog::cql {

class TokenRing {
 public:
  TokenRing() = default;
  // (token, node) pairs in any order; a node usually has several (vnodes).
  explicit TokenRing(std::vector<std::pair<int64_t, Endpoint>> tokens);

  bool empty() const { return ring_.empty(); }
  size_t token_count() const { return ring_.size(); }

  // The node owning `token`: the first ring token >= it, wrapping past the largest.
  const Endpoint* owner(int64_t token) const;
  // Distinct nodes in ring order from the owner: the first RF are the SimpleStrategy replicas.
  std::vector<Endpoint> walk(int64_t token) const;

 private:
  std::vector<std::pair<int64_t, Endpoint>> ring_;  // sorted by token
};

// Tokens as system.local / system.peers list them (decimal text).
Result<int64_t> parse_token(std::string_view text);

}  // namespace clicklog::cql
