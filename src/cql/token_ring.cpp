#include "cql/token_ring.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace clicklog::cql {

TokenRing::TokenRing(std::vector<std::pair<int64_t, Endpoint>> tokens) : ring_(std::move(tokens)) {
  std::sort(ring_.begin(), ring_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

const Endpoint* TokenRing::owner(int64_t token) const {
  if (ring_.empty()) return nullptr;
  auto it = std::lower_bound(ring_.begin(), ring_.end(), token,
                             [](const auto& entry, int64_t t) { return entry.first < t; });
  if (it == ring_.end()) it = ring_.begin();
  return &it->second;
}

std::vector<Endpoint> TokenRing::walk(int64_t token) const {
  std::vector<Endpoint> out;
  if (ring_.empty()) return out;
  auto start = std::lower_bound(ring_.begin(), ring_.end(), token,
                                [](const auto& entry, int64_t t) { return entry.first < t; });
  size_t first = static_cast<size_t>(start - ring_.begin()) % ring_.size();
  for (size_t i = 0; i < ring_.size(); ++i) {
    const Endpoint& ep = ring_[(first + i) % ring_.size()].second;
    if (std::find(out.begin(), out.end(), ep) == out.end()) out.push_back(ep);
  }
  return out;
}

Result<int64_t> parse_token(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error{fmt::format("'{}' is not a Murmur3 token", text)};
  }
  return v;
}

}  // namespace clicklog::cql
