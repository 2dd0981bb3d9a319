#include "cql/session.h"

#include <fmt/format.h>

#include "common/log.h"
#include "cql/murmur3_token.h"

namespace clicklog::cql {

Result<std::unique_ptr<Session>> Session::connect(SessionConfig config) {
  if (config.contact_points.empty()) return Error{"cassandra: no contact points"};
  std::shared_ptr<const TlsContext> tls;
  if (config.tls) {
    auto context = TlsContext::create(*config.tls);
    if (!context) return Error{"cassandra: " + context.error().message};
    tls = std::move(*context);
  }
  auto core = std::make_shared<SessionCore>(std::move(config), std::move(tls));
  // The first reachable contact point proves the cluster is there (and the credentials and
  // keyspace are right) before anything else happens.
  auto first = core->any_connection();
  if (!first) return Error{"cassandra: cannot connect: " + first.error().message};
  if (auto st = core->refresh_topology(); !st) {
    // Routing falls back to round robin over the contact points: still a working session.
    log::warn("cassandra: cannot read the cluster topology: {}", st.message());
  }
  return std::unique_ptr<Session>(new Session(std::move(core)));
}

Result<std::unique_ptr<Session>> Session::connect(std::string_view uri) {
  auto config = SessionConfig::from_uri(uri);
  if (!config) return config.error();
  return connect(std::move(*config));
}

Session::~Session() {
  core_->pool().close_all();
}

namespace {

QueryOptions resolve(const SessionConfig& c, QueryOptions options) {
  if (!options.consistency) options.consistency = c.consistency;
  if (options.page_size == 0) options.page_size = c.page_size;
  if (!options.timeout) options.timeout = c.request_timeout;
  return options;
}

// Shared by Session and its Pagers (which hold the core, not the Session).
ResponseFuture start_request(const std::shared_ptr<SessionCore>& core, Request request) {
  request.options = resolve(core->config(), std::move(request.options));
  if (auto st = compute_routing(request); !st) {
    return ResponseFuture::failed(
        Error{fmt::format("cassandra: {}: {}", request.describe(), st.message())});
  }
  return ResponseFuture(core, std::move(request));
}

Request execute_request(const Prepared& statement, std::vector<Value> values,
                        QueryOptions options) {
  Request r;
  r.kind = Request::Kind::kExecute;
  r.prepared = statement;
  r.values = std::move(values);
  r.options = std::move(options);
  return r;
}

}  // namespace

ResponseFuture Session::start(Request request) {
  return start_request(core_, std::move(request));
}

ResponseFuture Session::query_async(std::string_view cql, std::vector<Value> values,
                                    QueryOptions options) {
  Request r;
  r.kind = Request::Kind::kQuery;
  r.cql = std::string(cql);
  r.values = std::move(values);
  r.options = std::move(options);
  return start(std::move(r));
}

Result<ResultSet> Session::query(std::string_view cql, std::vector<Value> values,
                                 QueryOptions options) {
  return query_async(cql, std::move(values), std::move(options)).get();
}

Result<Prepared> Session::prepare(std::string_view cql) {
  auto p = core_->prepare(std::string(cql));
  if (!p) return Error{"cassandra: " + p.error().message};
  return p;
}

ResponseFuture Session::execute_async(const Prepared& statement, std::vector<Value> values,
                                      QueryOptions options) {
  if (!statement) return ResponseFuture::failed(Error{"cassandra: execute of a null statement"});
  return start(execute_request(statement, std::move(values), std::move(options)));
}

Result<ResultSet> Session::execute(const Prepared& statement, std::vector<Value> values,
                                   QueryOptions options) {
  return execute_async(statement, std::move(values), std::move(options)).get();
}

ResponseFuture Session::batch_async(const Batch& batch, QueryOptions options) {
  if (batch.empty()) return ResponseFuture::failed(Error{"cassandra: empty batch"});
  Request r;
  r.kind = Request::Kind::kBatch;
  r.batch = batch;
  r.options = std::move(options);
  return start(std::move(r));
}

Result<ResultSet> Session::batch(const Batch& batch, QueryOptions options) {
  return batch_async(batch, std::move(options)).get();
}

Pager Session::pages(const Prepared& statement, std::vector<Value> values, QueryOptions options) {
  options.idempotent = true;
  if (!statement) {
    return Pager(
        [](const QueryOptions&) {
          return ResponseFuture::failed(Error{"cassandra: paging a null statement"});
        },
        std::move(options));
  }
  return Pager(
      [core = core_, statement, values = std::move(values)](const QueryOptions& o) {
        return start_request(core, execute_request(statement, values, o));
      },
      std::move(options));
}

Result<ResultSet> Session::execute_all(const Prepared& statement, std::vector<Value> values,
                                       QueryOptions options) {
  auto pager = pages(statement, std::move(values), std::move(options));
  ResultSet all;
  while (!pager.done()) {
    auto page = pager.next();
    if (!page) return page.error();
    all.append(std::move(*page));
  }
  return all;
}

Status Session::wait_for_schema_agreement() {
  return core_->wait_for_schema_agreement(core_->config().schema_agreement_timeout);
}

Status Session::refresh_topology() {
  return core_->refresh_topology();
}

std::optional<Endpoint> Session::route(const Prepared& statement,
                                       const std::vector<Value>& values) {
  if (!statement) return std::nullopt;
  Request r = execute_request(statement, values, {});
  if (!compute_routing(r).ok() || !r.token) return std::nullopt;
  const Endpoint* owner = core_->ring()->owner(*r.token);
  if (!owner) return std::nullopt;
  return *owner;
}

}  // namespace clicklog::cql
