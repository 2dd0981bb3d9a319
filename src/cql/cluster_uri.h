// Parses store URIs of the form
//   cassandra://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/KEYSPACE[?KEY=VALUE&...]
// (IPv6 hosts in brackets, default port 9042) into contact points, keyspace, credentials and
// TLS settings. The client's own options: tls=1|0, ca=PATH (PEM; implies tls=1), user=NAME,
// password=SECRET|env:NAME|file:PATH. Other options are handed back for the caller (the store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace clicklog::cql {

inline constexpr uint16_t kDefaultPort = 9042;

struct Endpoint {
  std::string host;  // name or address, without brackets
  uint16_t port = kDefaultPort;

  std::string to_string() const;  // "127.0.0.1:9042", "[::1]:9042"
  bool operator==(const Endpoint&) const = default;
  bool operator<(const Endpoint& o) const { return host != o.host ? host < o.host : port < o.port; }
};

// "host", "host:9043", "[::1]:9043".
Result<Endpoint> parse_endpoint(std::string_view text, uint16_t default_port = kDefaultPort);

struct Credentials {
  std::string user;
  std::string password;
};

// TLS to every node, verifying its certificate chain and that the certificate names the host
// (or address) the client connects to.
struct TlsOptions {
  std::string ca_file;  // PEM certificates to trust; empty: the system's trust store
  bool operator==(const TlsOptions&) const = default;
};

struct ClusterUri {
  std::vector<Endpoint> contact_points;
  std::string keyspace;  // may be empty
  std::optional<Credentials> credentials;
  std::optional<TlsOptions> tls;
  // The `?key=value` options that are not the client's, in order.
  std::vector<std::pair<std::string, std::string>> options;
};

Result<ClusterUri> parse_cluster_uri(std::string_view uri);

// The URI fit for logs and error messages: a password in it, as USER:PASSWORD@ or password=,
// becomes "***"; env:NAME and file:PATH stay, as they are no secret.
std::string redact_uri(std::string_view uri);

}  // namespace clicklog::cql
