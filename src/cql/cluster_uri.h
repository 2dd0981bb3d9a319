// Parses store URIs of the form cassandra://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/KEYSPACE
// (IPv6 hosts in brackets, default port 9042) into contact points, keyspace and credentials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace clicklog::cql {

inline constexpr uint16_t kDefaultPort = 9042;

struct Endpoint {
  std::string host;  // name or address, without brackets
  uint16_t port = kDefaultPort;

  std::string to_string() const;  // "127.0.0.1:9042", "[::1]:9042"
  bool operator==(const Endpoint&) const = default;
  bool operator<(const Endpoint& o) const {
    return host != o.host ? host < o.host : port < o.port;
  }
};

// "host", "host:9043", "[::1]:9043".
Result<Endpoint> parse_endpoint(std::string_view text, uint16_t default_port = kDefaultPort);

struct Credentials {
  std::string user;
  std::string password;
};

struct ClusterUri {
  std::vector<Endpoint> contact_points;
  std::string keyspace;  // may be empty
  std::optional<Credentials> credentials;
};

Result<ClusterUri> parse_cluster_uri(std::string_view uri);

}  // namespace clicklog::cql
