#include "cql/request.h"

#include <fmt/format.h>

#include "cql/murmur3_token.h"
#include "cql/protocol/value_codec.h"

namespace clicklog::cql {

namespace {

protocol::QueryParameters parameters(const QueryOptions& o, std::vector<EncodedValue> values) {
  protocol::QueryParameters p;
  p.consistency = o.consistency.value_or(Consistency::kLocalQuorum);
  p.values = std::move(values);
  p.page_size = o.page_size > 0 ? o.page_size : 0;
  p.paging_state = o.paging_state;
  p.serial_consistency = o.serial_consistency;
  p.default_timestamp_us = o.timestamp_us;
  return p;
}

Result<std::vector<EncodedValue>> encode_natural(const std::vector<Value>& values) {
  std::vector<EncodedValue> out;
  for (size_t i = 0; i < values.size(); ++i) {
    auto enc = protocol::encode_value(values[i]);
    if (!enc) return Error{fmt::format("value {}: {}", i, enc.error().message)};
    out.push_back(std::move(*enc));
  }
  return out;
}

std::string shorten(std::string_view cql) {
  constexpr size_t kMax = 120;
  if (cql.size() <= kMax) return std::string(cql);
  return std::string(cql.substr(0, kMax)) + "...";
}

}  // namespace

Result<std::pair<protocol::Opcode, std::string>> Request::encode() const {
  using protocol::Opcode;
  auto done = [](Opcode op, Result<std::string> body) -> Result<std::pair<Opcode, std::string>> {
    if (!body) return body.error();
    return std::make_pair(op, std::move(*body));
  };
  switch (kind) {
    case Kind::kQuery: {
      auto values_enc = encode_natural(values);
      if (!values_enc) return values_enc.error();
      return done(Opcode::kQuery,
                  protocol::encode_query(cql, parameters(options, std::move(*values_enc))));
    }
    case Kind::kExecute: {
      auto snap = prepared->snapshot();
      auto bound = PreparedStatement::bind(*snap, values);
      if (!bound) return bound.error();
      return done(Opcode::kExecute,
                  protocol::encode_execute(snap->id, parameters(options, std::move(*bound))));
    }
    case Kind::kBatch: {
      std::vector<protocol::BatchEntry> entries;
      entries.reserve(batch.size());
      for (size_t i = 0; i < batch.items().size(); ++i) {
        const auto& item = batch.items()[i];
        protocol::BatchEntry e;
        Result<std::vector<EncodedValue>> enc = Error{""};
        if (item.prepared) {
          auto snap = item.prepared->snapshot();
          e.is_prepared = true;
          e.query_or_id = snap->id;
          enc = PreparedStatement::bind(*snap, item.values);
        } else {
          e.query_or_id = item.cql;
          enc = encode_natural(item.values);
        }
        if (!enc) return Error{fmt::format("batch statement {}: {}", i, enc.error().message)};
        e.values = std::move(*enc);
        entries.push_back(std::move(e));
      }
      protocol::BatchParameters p;
      p.type = batch.type();
      p.consistency = options.consistency.value_or(Consistency::kLocalQuorum);
      p.serial_consistency = options.serial_consistency;
      p.default_timestamp_us = options.timestamp_us;
      return done(Opcode::kBatch, protocol::encode_batch(entries, p));
    }
  }
  return Error{"unknown request kind"};
}

std::string Request::describe() const {
  switch (kind) {
    case Kind::kQuery:
      return fmt::format("'{}'", shorten(cql));
    case Kind::kExecute:
      return fmt::format("prepared '{}'", shorten(prepared->query()));
    case Kind::kBatch:
      if (batch.empty()) return "empty batch";
      return fmt::format("batch of {} ('{}'{})", batch.size(),
                         shorten(batch.items()[0].prepared ? batch.items()[0].prepared->query()
                                                           : batch.items()[0].cql),
                         batch.size() > 1 ? ", ..." : "");
  }
  return "request";
}

std::vector<Prepared> Request::prepared_statements() const {
  std::vector<Prepared> out;
  if (kind == Kind::kExecute) out.push_back(prepared);
  if (kind == Kind::kBatch) {
    for (const auto& item : batch.items()) {
      if (item.prepared) out.push_back(item.prepared);
    }
  }
  return out;
}

Status compute_routing(Request& request) {
  auto route = [&](const Prepared& p, const std::vector<Value>& values) -> Status {
    auto snap = p->snapshot();
    auto bound = PreparedStatement::bind(*snap, values);
    if (!bound) return Error{bound.error().message};
    if (auto key = PreparedStatement::routing_key(*snap, *bound); key && !request.token) {
      request.token = murmur3_token(*key);
    }
    return {};
  };
  if (request.kind == Request::Kind::kExecute) return route(request.prepared, request.values);
  if (request.kind == Request::Kind::kBatch) {
    for (const auto& item : request.batch.items()) {
      if (!item.prepared) continue;
      if (auto st = route(item.prepared, item.values); !st) return st;
    }
  }
  return {};
}

}  // namespace clicklog::cql
