// ResultSet: what a statement returned — rows (one page, or several pages appended) with
// typed access by column name, the paging state to continue from, or, for statements that
// return no rows, which kind of result it was (void, USE, schema change).
//
//   for (size_t i = 0; i < rs.size(); ++i) {
//     auto row = rs.row(i);
//     Result<int64_t> user = row.get<int64_t>("user_id");
//     Result<std::optional<std::string>> hotel = row.get_optional<std::string>("hotel");
//   }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/protocol/result_message.h"
#include "cql/protocol/value.h"

namespace clicklog::cql {

class ResultSet;

// A row of a ResultSet; valid while the ResultSet lives.
class Row {
 public:
  Row(const ResultSet* set, size_t chunk, size_t index) : set_(set), chunk_(chunk), index_(index) {}

  Result<Value> value(size_t column) const;
  Result<Value> value(std::string_view column) const;

  // The value as T; a null cell is an error (use get_optional). int64_t also reads int columns.
  template <class T>
  Result<T> get(std::string_view column) const {
    auto opt = get_optional<T>(column);
    if (!opt) return opt.error();
    if (!opt->has_value()) return Error{"column " + std::string(column) + " is null"};
    return std::move(**opt);
  }

  template <class T>
  Result<std::optional<T>> get_optional(std::string_view column) const {
    auto v = value(column);
    if (!v) return v.error();
    if (std::holds_alternative<Null>(*v)) return std::optional<T>{};
    if constexpr (std::is_same_v<T, int64_t>) {
      if (auto* i = std::get_if<int32_t>(&*v)) return std::optional<T>{*i};
    }
    if (auto* t = std::get_if<T>(&*v)) return std::optional<T>{std::move(*t)};
    return Error{"column " + std::string(column) + " holds a " + value_kind_name(*v) +
                 ", not the type asked for"};
  }

 private:
  const ResultSet* set_;
  size_t chunk_;
  size_t index_;
};

enum class ResultKind { kVoid, kRows, kSetKeyspace, kSchemaChange };

class ResultSet {
 public:
  ResultSet() = default;
  explicit ResultSet(protocol::Rows rows);
  static ResultSet set_keyspace(std::string keyspace);
  static ResultSet schema_change(protocol::SchemaChangeResult change);

  ResultKind kind() const { return kind_; }
  size_t size() const { return total_rows_; }
  bool empty() const { return total_rows_ == 0; }
  Row row(size_t i) const;

  const std::vector<protocol::ColumnSpec>& columns() const;
  std::optional<size_t> column_index(std::string_view name) const;

  // Set when this page is not the last: pass it back (QueryOptions::paging_state).
  const std::optional<std::string>& paging_state() const { return paging_state_; }
  bool has_more_pages() const { return paging_state_.has_value(); }

  // Appends another page's rows (same columns), taking its paging state.
  void append(ResultSet&& next);

  const std::string& keyspace() const { return keyspace_; }  // USE
  const protocol::SchemaChangeResult& schema_change() const { return change_; }

 private:
  friend class Row;
  ResultKind kind_ = ResultKind::kVoid;
  std::vector<protocol::Rows> chunks_;
  std::vector<size_t> chunk_starts_;
  size_t total_rows_ = 0;
  std::optional<std::string> paging_state_;
  std::string keyspace_;
  protocol::SchemaChangeResult change_;
};

}  // namespace clicklog::cql
