#include "cql/result_set.h"

#include <fmt/format.h>

#include <algorithm>

#include "cql/protocol/value_codec.h"

namespace clicklog::cql {

namespace {
const std::vector<protocol::ColumnSpec> kNoColumns;
}

ResultSet::ResultSet(protocol::Rows rows) : kind_(ResultKind::kRows) {
  paging_state_ = rows.metadata.paging_state;
  total_rows_ = static_cast<size_t>(rows.row_count);
  chunk_starts_.push_back(0);
  chunks_.push_back(std::move(rows));
}

ResultSet ResultSet::set_keyspace(std::string keyspace) {
  ResultSet r;
  r.kind_ = ResultKind::kSetKeyspace;
  r.keyspace_ = std::move(keyspace);
  return r;
}

ResultSet ResultSet::schema_change(protocol::SchemaChangeResult change) {
  ResultSet r;
  r.kind_ = ResultKind::kSchemaChange;
  r.change_ = std::move(change);
  return r;
}

const std::vector<protocol::ColumnSpec>& ResultSet::columns() const {
  return chunks_.empty() ? kNoColumns : chunks_.front().metadata.columns;
}

std::optional<size_t> ResultSet::column_index(std::string_view name) const {
  const auto& cols = columns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == name) return i;
  }
  return std::nullopt;
}

Row ResultSet::row(size_t i) const {
  auto it = std::upper_bound(chunk_starts_.begin(), chunk_starts_.end(), i);
  size_t chunk = static_cast<size_t>(it - chunk_starts_.begin()) - 1;
  return Row(this, chunk, i - chunk_starts_[chunk]);
}

void ResultSet::append(ResultSet&& next) {
  if (next.kind_ != ResultKind::kRows) return;
  if (kind_ != ResultKind::kRows) {
    *this = std::move(next);
    return;
  }
  paging_state_ = std::move(next.paging_state_);
  for (auto& chunk : next.chunks_) {
    if (chunk.row_count == 0) continue;
    chunk_starts_.push_back(total_rows_);
    total_rows_ += static_cast<size_t>(chunk.row_count);
    chunks_.push_back(std::move(chunk));
  }
}

Result<Value> Row::value(size_t column) const {
  const auto& rows = set_->chunks_[chunk_];
  if (column >= static_cast<size_t>(rows.metadata.column_count)) {
    return Error{
        fmt::format("column {} out of range ({} columns)", column, rows.metadata.column_count)};
  }
  if (column >= rows.metadata.columns.size()) return Error{"result has no column metadata"};
  auto decoded =
      protocol::decode_value(rows.metadata.columns[column].type, rows.cell(index_, column));
  if (!decoded) {
    return Error{
        fmt::format("column {}: {}", rows.metadata.columns[column].name, decoded.error().message)};
  }
  return decoded;
}

Result<Value> Row::value(std::string_view column) const {
  auto index = set_->column_index(column);
  if (!index) return Error{fmt::format("no column named '{}' in the result", column)};
  return value(*index);
}

}  // namespace clicklog::cql
