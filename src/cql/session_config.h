// SessionConfig: where the cluster is and how to talk to it. Built by hand or from a
// cassandra:// store URI (SessionConfig::from_uri) and then adjusted.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/cluster_uri.h"
#include "cql/protocol/consistency.h"

namespace clicklog::cql {

struct SessionConfig {
  std::vector<Endpoint> contact_points;  // tried in order until one answers
  std::string keyspace;                  // USE'd on every connection when not empty
  std::optional<Credentials> credentials;
  std::optional<TlsOptions> tls;  // TLS with certificate and host name checks when set
  protocol::Consistency consistency = protocol::Consistency::kLocalQuorum;
  int32_t page_size = 5000;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{12000};  // per send (QueryOptions::timeout)
  std::chrono::milliseconds schema_agreement_timeout{10000};
  int max_streams_per_connection = 1024;
  int max_attempts = 3;     // sends per request, retries and re-prepares included
  bool token_aware = true;  // send bound statements to the node owning the partition first

  // The URI's options must all be the client's (cluster_uri.h).
  static Result<SessionConfig> from_uri(std::string_view uri);
  // Ignores the options that are not the client's: they are the caller's.
  static SessionConfig from(ClusterUri uri);
};

}  // namespace clicklog::cql
