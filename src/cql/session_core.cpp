#include "cql/session_core.h"

#include <fmt/format.h>

#include "cql/protocol/requests.h"

namespace clicklog::cql {

namespace {

ConnectionOptions connection_options(const SessionConfig& c,
                                     std::shared_ptr<const TlsContext> tls) {
  ConnectionOptions o;
  o.tls = std::move(tls);
  o.connect_timeout = c.connect_timeout;
  o.max_streams = c.max_streams_per_connection;
  o.credentials = c.credentials;
  o.keyspace = c.keyspace;
  return o;
}

}  // namespace

Result<SessionConfig> SessionConfig::from_uri(std::string_view uri) {
  auto parsed = parse_cluster_uri(uri);
  if (!parsed) return parsed.error();
  if (!parsed->options.empty()) {
    return Error{fmt::format("{}: unknown option '{}' (tls, ca, user, password)", uri,
                             parsed->options.front().first)};
  }
  return from(std::move(*parsed));
}

SessionConfig SessionConfig::from(ClusterUri uri) {
  SessionConfig c;
  c.contact_points = std::move(uri.contact_points);
  c.keyspace = std::move(uri.keyspace);
  c.credentials = std::move(uri.credentials);
  c.tls = std::move(uri.tls);
  return c;
}

SessionCore::SessionCore(SessionConfig config, std::shared_ptr<const TlsContext> tls)
    : config_(std::move(config)), pool_(connection_options(config_, std::move(tls))) {
  pool_.set_hosts(config_.contact_points);
}

Result<std::shared_ptr<Connection>> SessionCore::any_connection() {
  std::string errors;
  for (const auto& ep : pool_.plan({})) {
    auto conn = pool_.connection(ep);
    if (conn) return conn;
    errors += (errors.empty() ? "" : "; ") + conn.error().message;
  }
  return Error{errors.empty() ? "no nodes known" : "no node reachable: " + errors};
}

Result<ResultSet> to_result_set(protocol::Response&& response) {
  if (auto* e = std::get_if<protocol::ServerError>(&response.body)) {
    return Error{protocol::describe(*e)};
  }
  auto* result = std::get_if<protocol::ResultMessage>(&response.body);
  if (!result) return Error{"unexpected answer (not a RESULT)"};
  if (auto* rows = std::get_if<protocol::Rows>(result)) return ResultSet(std::move(*rows));
  if (auto* ks = std::get_if<protocol::SetKeyspaceResult>(result)) {
    return ResultSet::set_keyspace(ks->keyspace);
  }
  if (auto* change = std::get_if<protocol::SchemaChangeResult>(result)) {
    return ResultSet::schema_change(*change);
  }
  return ResultSet();
}

Result<ResultSet> SessionCore::run(Connection& conn, const std::string& cql, Deadline deadline) {
  protocol::QueryParameters params;
  params.consistency = protocol::Consistency::kOne;
  auto body = protocol::encode_query(cql, params);
  if (!body) return body.error();
  auto reply = conn.request(protocol::Opcode::kQuery, *body, deadline);
  if (!reply) return reply.error();
  auto rs = to_result_set(std::move(*reply));
  if (!rs)
    return Error{
        fmt::format("'{}' on {}: {}", cql, conn.endpoint().to_string(), rs.error().message)};
  return rs;
}

namespace {

Result<protocol::PreparedResult> prepare_on(Connection& conn, const std::string& cql,
                                            Deadline deadline) {
  auto body = protocol::encode_prepare(cql);
  if (!body) return body.error();
  auto reply = conn.request(protocol::Opcode::kPrepare, *body, deadline);
  if (!reply) return reply.error();
  if (auto* e = std::get_if<protocol::ServerError>(&reply->body)) {
    return Error{fmt::format("preparing '{}' on {}: {}", cql, conn.endpoint().to_string(),
                             protocol::describe(*e))};
  }
  auto* result = std::get_if<protocol::ResultMessage>(&reply->body);
  auto* prepared = result ? std::get_if<protocol::PreparedResult>(result) : nullptr;
  if (!prepared) return Error{"PREPARE answered with something other than Prepared"};
  return std::move(*prepared);
}

}  // namespace

Result<Prepared> SessionCore::prepare(const std::string& cql) {
  {
    std::lock_guard lock(mu_);
    if (auto it = prepared_.find(cql); it != prepared_.end()) return it->second;
  }
  Deadline deadline = Clock::now() + config_.request_timeout;
  std::string errors;
  for (const auto& ep : pool_.plan({})) {
    auto conn = pool_.connection(ep);
    if (!conn) {
      errors += (errors.empty() ? "" : "; ") + conn.error().message;
      continue;
    }
    auto result = prepare_on(**conn, cql, deadline);
    if (!result) return result.error();
    auto statement = std::make_shared<PreparedStatement>(cql, *result);
    std::lock_guard lock(mu_);
    auto [it, inserted] = prepared_.emplace(cql, statement);
    return it->second;  // a concurrent prepare of the same text may have won: share its object
  }
  return Error{fmt::format("preparing '{}': no node reachable: {}", cql, errors)};
}

Status SessionCore::reprepare(Connection& conn, PreparedStatement& statement, Deadline deadline) {
  auto result = prepare_on(conn, statement.query(), deadline);
  if (!result) return Error{result.error().message};
  statement.update(*result);
  reprepares.fetch_add(1);
  return {};
}

std::vector<Endpoint> SessionCore::plan_for(std::optional<int64_t> token) {
  std::vector<Endpoint> replicas;
  if (token && config_.token_aware) replicas = ring()->walk(*token);
  return pool_.plan(replicas);
}

std::shared_ptr<const TokenRing> SessionCore::ring() const {
  std::lock_guard lock(mu_);
  return ring_;
}

SessionStats SessionCore::stats() const {
  return {requests.load(), retries.load(), reprepares.load(), timeouts.load(),
          server_errors.load()};
}

}  // namespace clicklog::cql
