#include "cql/protocol/result_message.h"

#include <fmt/format.h>

#include "cql/protocol/bytes_reader.h"

namespace clicklog::cql::protocol {

namespace {

constexpr int32_t kGlobalTableSpec = 0x0001;
constexpr int32_t kHasMorePages = 0x0002;
constexpr int32_t kNoMetadata = 0x0004;

// Reads column_count specs; each takes at least a 2-byte name and a 2-byte type id.
std::vector<ColumnSpec> read_column_specs(BytesReader& r, int32_t flags, int32_t count) {
  std::vector<ColumnSpec> out;
  std::string ks, table;
  if (flags & kGlobalTableSpec) {
    ks = std::string(r.string("global keyspace"));
    table = std::string(r.string("global table"));
  }
  if (!r.ok() || static_cast<size_t>(count) > r.remaining() / 4) {
    r.fail(fmt::format("{} column specs cannot fit in {} bytes", count, r.remaining()));
    return out;
  }
  out.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count && r.ok(); ++i) {
    ColumnSpec c;
    if (flags & kGlobalTableSpec) {
      c.keyspace = ks;
      c.table = table;
    } else {
      c.keyspace = std::string(r.string("column keyspace"));
      c.table = std::string(r.string("column table"));
    }
    c.name = std::string(r.string("column name"));
    c.type = read_data_type(r);
    out.push_back(std::move(c));
  }
  return out;
}

RowsMetadata read_rows_metadata(BytesReader& r) {
  RowsMetadata m;
  int32_t flags = r.i32("metadata flags");
  m.column_count = r.count("column count", 0);
  if (!r.ok()) return m;
  if (flags & kHasMorePages) {
    auto state = r.bytes("paging state");
    if (state) m.paging_state = std::string(*state);
  }
  m.no_metadata = (flags & kNoMetadata) != 0;
  if (!m.no_metadata) m.columns = read_column_specs(r, flags, m.column_count);
  return m;
}

// `r` views `body`; cells record offsets into it, then Rows take the string.
Result<ResultMessage> read_rows(BytesReader& r, std::string& body) {
  Rows rows;
  rows.metadata = read_rows_metadata(r);
  rows.row_count = r.count("row count", 0);
  if (!r.ok()) return r.error();
  auto columns = static_cast<uint64_t>(rows.metadata.column_count);
  if (rows.row_count > 0 && columns == 0) return Error{"Rows result with rows but no columns"};
  uint64_t cells = static_cast<uint64_t>(rows.row_count) * columns;
  // Each cell is at least its 4-byte length.
  if (cells > r.remaining() / 4) {
    return Error{fmt::format("Rows result: {} rows x {} columns cannot fit in {} bytes",
                             rows.row_count, columns, r.remaining())};
  }
  rows.cells.reserve(static_cast<size_t>(cells));
  for (uint64_t i = 0; i < cells; ++i) {
    auto v = r.bytes("cell");
    if (!r.ok()) return r.error();
    Rows::Cell c;
    if (v) {
      c.offset = static_cast<uint32_t>(v->data() - body.data());
      c.length = static_cast<int32_t>(v->size());
    }
    rows.cells.push_back(c);
  }
  rows.body = std::move(body);
  return ResultMessage{std::move(rows)};
}

Result<ResultMessage> read_prepared(BytesReader& r) {
  PreparedResult p;
  p.id = std::string(r.short_bytes("prepared id"));
  int32_t flags = r.i32("prepared flags");
  int32_t columns = r.count("bind marker count", 0);
  int32_t pk_count = r.count("partition key count", 2);
  for (int32_t i = 0; i < pk_count && r.ok(); ++i) {
    uint16_t index = r.u16("partition key index");
    if (r.ok() && index >= columns) {
      r.fail(fmt::format("partition key index {} outside the {} bind markers", index, columns));
    }
    p.pk_indexes.push_back(index);
  }
  if (r.ok()) p.bind_columns = read_column_specs(r, flags, columns);
  p.result_metadata = read_rows_metadata(r);
  if (!r.ok()) return r.error();
  return ResultMessage{std::move(p)};
}

}  // namespace

std::optional<std::string_view> Rows::cell(size_t row, size_t column) const {
  const Cell& c = cells[row * static_cast<size_t>(metadata.column_count) + column];
  if (c.length < 0) return std::nullopt;
  return std::string_view(body).substr(c.offset, static_cast<size_t>(c.length));
}

SchemaChangeResult read_schema_change(BytesReader& r) {
  SchemaChangeResult s;
  s.change_type = std::string(r.string("schema change type"));
  s.target = std::string(r.string("schema change target"));
  s.keyspace = std::string(r.string("schema change keyspace"));
  if (s.target == "TABLE" || s.target == "TYPE") {
    s.name = std::string(r.string("schema change name"));
  } else if (s.target == "FUNCTION" || s.target == "AGGREGATE") {
    s.name = std::string(r.string("schema change name"));
    s.arg_types = r.string_list("schema change argument types");
  }
  return s;
}

Result<ResultMessage> decode_result(std::string body, size_t start) {
  if (start > body.size()) return Error{"RESULT body starts past its end"};
  BytesReader r(std::string_view(body).substr(start));
  int32_t kind = r.i32("result kind");
  if (!r.ok()) return Error{"RESULT: " + r.error().message};
  Result<ResultMessage> out = Error{""};
  switch (kind) {
    case 1:
      out = ResultMessage{VoidResult{}};
      break;
    case 2:
      out = read_rows(r, body);
      break;
    case 3: {
      SetKeyspaceResult k{std::string(r.string("keyspace"))};
      out = r.ok() ? Result<ResultMessage>(ResultMessage{k}) : Result<ResultMessage>(r.error());
      break;
    }
    case 4:
      out = read_prepared(r);
      break;
    case 5: {
      auto s = read_schema_change(r);
      out = r.ok() ? Result<ResultMessage>(ResultMessage{s}) : Result<ResultMessage>(r.error());
      break;
    }
    default:
      return Error{fmt::format("RESULT: unknown kind {}", kind)};
  }
  if (!out) return Error{"RESULT: " + out.error().message};
  return out;
}

}  // namespace clicklog::cql::protocol
