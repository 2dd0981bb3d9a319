// The RESULT response and its kinds: Void, Rows (metadata, paging state, cells), Set_keyspace,
// Prepared (id, bind-marker metadata with partition-key indexes, result metadata) and
// Schema_change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "cql/protocol/data_type.h"

namespace clicklog::cql::protocol {

struct ColumnSpec {
  std::string keyspace;
  std::string table;
  std::string name;
  DataType type;
};

struct RowsMetadata {
  int32_t column_count = 0;
  bool no_metadata = false;                 // column specs absent (Skip_metadata was asked for)
  std::optional<std::string> paging_state;  // set when more pages follow
  std::vector<ColumnSpec> columns;          // column_count entries unless no_metadata
};

struct VoidResult {};

// Rows own the frame body; cells point into it by offset, so copies stay valid.
struct Rows {
  struct Cell {
    uint32_t offset = 0;
    int32_t length = -1;  // -1: null
  };
  RowsMetadata metadata;
  int32_t row_count = 0;
  std::string body;
  std::vector<Cell> cells;  // row-major, row_count * column_count

  // nullopt for a null cell. Indexes must be in range (callers check sizes).
  std::optional<std::string_view> cell(size_t row, size_t column) const;
};

struct SetKeyspaceResult {
  std::string keyspace;
};

struct PreparedResult {
  std::string id;
  std::vector<ColumnSpec> bind_columns;
  std::vector<uint16_t> pk_indexes;  // bind-marker index of each partition-key component
  RowsMetadata result_metadata;
};

struct SchemaChangeResult {
  std::string change_type;  // CREATED, UPDATED, DROPPED
  std::string target;       // KEYSPACE, TABLE, TYPE, FUNCTION, AGGREGATE
  std::string keyspace;
  std::string name;                    // empty for KEYSPACE
  std::vector<std::string> arg_types;  // FUNCTION, AGGREGATE
};

using ResultMessage =
    std::variant<VoidResult, Rows, SetKeyspaceResult, PreparedResult, SchemaChangeResult>;

// Decodes the RESULT body that starts at `start` in `body` (after any tracing id or warnings).
// Takes the body so that Rows can keep it.
Result<ResultMessage> decode_result(std::string body, size_t start = 0);

// Also used for the <schema_change> part of an EVENT.
SchemaChangeResult read_schema_change(BytesReader& r);

}  // namespace clicklog::cql::protocol
