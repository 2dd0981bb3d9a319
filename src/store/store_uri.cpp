#include "store/store_uri.h"

#include <fmt/format.h>

#include <charconv>

#include "cql/cluster_uri.h"
#include "cql/cql_text.h"
#include "cql/protocol/consistency.h"

namespace clicklog::store {

namespace {

std::optional<int> positive_int(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

// "3" -> SimpleStrategy; "dc1:3,dc2:2" -> NetworkTopologyStrategy.
Result<std::string> replication_map(std::string_view text) {
  if (auto n = positive_int(text)) {
    return fmt::format("{{'class': 'SimpleStrategy', 'replication_factor': {}}}", *n);
  }
  std::string out = "{'class': 'NetworkTopologyStrategy'";
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    const auto colon = item.find(':');
    const auto n =
        colon == std::string_view::npos ? std::nullopt : positive_int(item.substr(colon + 1));
    if (!n || colon == 0) {
      return Error{fmt::format("replication '{}': want N or DC:N[,DC:N...]", text)};
    }
    out += fmt::format(", {}: {}", cql::quote_literal(item.substr(0, colon)), *n);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out + "}";
}

Result<StoreUri> parse_cassandra(std::string_view uri) {
  CassandraUri out;
  auto cluster = cql::parse_cluster_uri(uri);
  if (!cluster) return cluster.error();
  if (cluster->keyspace.empty()) {
    return Error{fmt::format("store URI '{}' names no keyspace (cassandra://HOST/KEYSPACE)",
                             cql::redact_uri(uri))};
  }
  out.keyspace = cluster->keyspace;
  for (const auto& [key, value] : cluster->options) {
    if (key == "replication") {
      auto map = replication_map(value);
      if (!map) return map.error();
      out.replication = *map;
    } else if (key == "ttl_days") {
      out.ttl_days = positive_int(value);
      if (!out.ttl_days) return Error{fmt::format("ttl_days '{}' is not a positive number", value)};
    } else if (key == "consistency") {
      const auto c = cql::protocol::parse_consistency(value);
      if (!c) return Error{fmt::format("consistency '{}' is not a CQL consistency level", value)};
      out.consistency = cql::protocol::consistency_name(*c);
    } else {
      return Error{
          fmt::format("unknown store URI option '{}' (replication, ttl_days, consistency, "
                      "tls, ca, user, password)",
                      key)};
    }
  }
  cluster->options.clear();
  out.cluster = std::move(*cluster);
  return StoreUri{out};
}

}  // namespace

Result<StoreUri> parse_store_uri(std::string_view uri) {
  constexpr std::string_view kRocks = "rocksdb:";
  if (uri.substr(0, kRocks.size()) == kRocks) {
    auto path = uri.substr(kRocks.size());
    if (path.empty()) return Error{"store URI 'rocksdb:' needs a path (rocksdb:PATH)"};
    return StoreUri{RocksDbUri{std::string(path)}};
  }
  if (uri.substr(0, 12) == "cassandra://") return parse_cassandra(uri);
  return Error{fmt::format(
      "store URI '{}': want rocksdb:PATH or cassandra://HOST[:PORT][,HOST...]/KEYSPACE", uri)};
}

}  // namespace clicklog::store
