// Parses the store URIs of CONTRACT.md section 4:
//   rocksdb:PATH                                         (a directory; relative paths allowed)
//   cassandra://[USER:PASS@]HOST[:PORT][,HOST[:PORT]...]/KEYSPACE[?OPTION=VALUE&...]
// Cassandra options: replication=N (SimpleStrategy, N replicas) or replication=DC:N[,DC:N...]
// (NetworkTopologyStrategy), used only when the keyspace is created; ttl_days=N (clicks expire
// after N days, TimeWindowCompactionStrategy by day); consistency=NAME (default LOCAL_QUORUM);
// and the CQL client's tls, ca, user, password (cql/cluster_uri.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"
#include "cql/cluster_uri.h"

namespace clicklog::store {

struct RocksDbUri {
  std::string path;
};

struct CassandraUri {
  cql::ClusterUri cluster;  // for the CQL client
  std::string keyspace;
  std::string replication = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
  std::optional<int> ttl_days;
  std::string consistency = "LOCAL_QUORUM";
};

using StoreUri = std::variant<RocksDbUri, CassandraUri>;

Result<StoreUri> parse_store_uri(std::string_view uri);

}  // namespace clicklog::store
