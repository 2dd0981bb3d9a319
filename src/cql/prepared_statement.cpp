#include "cql/prepared_statement.h"

#include <fmt/format.h>

#include "cql/murmur3_token.h"
#include "cql/protocol/value_codec.h"

namespace clicklog::cql {

namespace {
std::shared_ptr<const PreparedStatement::Snapshot> make_snapshot(
    const protocol::PreparedResult& p) {
  return std::make_shared<const PreparedStatement::Snapshot>(
      PreparedStatement::Snapshot{p.id, p.bind_columns, p.pk_indexes});
}
}  // namespace

PreparedStatement::PreparedStatement(std::string query, const protocol::PreparedResult& prepared)
    : query_(std::move(query)), snapshot_(make_snapshot(prepared)) {}

std::shared_ptr<const PreparedStatement::Snapshot> PreparedStatement::snapshot() const {
  std::lock_guard lock(mu_);
  return snapshot_;
}

void PreparedStatement::update(const protocol::PreparedResult& prepared) {
  auto next = make_snapshot(prepared);
  std::lock_guard lock(mu_);
  snapshot_ = std::move(next);
}

Result<std::vector<EncodedValue>> PreparedStatement::bind(const Snapshot& s,
                                                          const std::vector<Value>& values) {
  if (values.size() != s.bind_columns.size()) {
    return Error{fmt::format("statement has {} bind markers, {} values given",
                             s.bind_columns.size(), values.size())};
  }
  std::vector<EncodedValue> out;
  out.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    auto enc = protocol::encode_value(s.bind_columns[i].type, values[i]);
    if (!enc) {
      return Error{
          fmt::format("bind marker {} ({}): {}", i, s.bind_columns[i].name, enc.error().message)};
    }
    out.push_back(std::move(*enc));
  }
  return out;
}

std::optional<std::string> PreparedStatement::routing_key(
    const Snapshot& s, const std::vector<EncodedValue>& encoded) {
  if (s.pk_indexes.empty()) return std::nullopt;
  std::vector<std::string_view> parts;
  for (uint16_t index : s.pk_indexes) {
    if (index >= encoded.size() || encoded[index].kind != EncodedValue::Kind::kBytes) {
      return std::nullopt;
    }
    parts.push_back(encoded[index].bytes);
  }
  return cql::routing_key(parts);
}

}  // namespace clicklog::cql
