// Fuzzes the CQL v4 response decoders (cql/protocol/): the 9-byte header, then the rest of the
// input as the body of every response kind (ERROR with each code's details, READY,
// AUTHENTICATE, SUPPORTED, RESULT Void/Rows/Set_keyspace/Prepared/Schema_change,
// AUTH_CHALLENGE, AUTH_SUCCESS, EVENT). Beyond "no crash, no overread", it checks:
// - the header decoder accepts exactly the server headers the spec allows, fields intact;
// - Rows hold row_count x column_count cells, each inside the body it keeps;
// - Prepared partition-key indexes name existing bind markers;
// - each cell that decodes as its column type encodes back and decodes to the same value,
//   byte for byte for the integer, time, text, blob, uuid and inet types.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "cql/protocol/frame.h"
#include "cql/protocol/response.h"
#include "cql/protocol/value_codec.h"
#include "fuzz_check.h"

namespace {

using namespace clicklog::cql::protocol;
namespace cql = clicklog::cql;

bool exact_round_trip(TypeId id) {
  switch (id) {
    case TypeId::kBigint:
    case TypeId::kCounter:
    case TypeId::kInt:
    case TypeId::kSmallint:
    case TypeId::kTinyint:
    case TypeId::kTimestamp:
    case TypeId::kDate:
    case TypeId::kAscii:
    case TypeId::kVarchar:
    case TypeId::kBlob:
    case TypeId::kUuid:
    case TypeId::kTimeuuid:
    case TypeId::kInet:
      return true;
    default:
      return false;
  }
}

void check_cell(const DataType& type, std::optional<std::string_view> bytes) {
  auto value = decode_value(type, bytes);
  FUZZ_CHECK(!type_name(type).empty());
  if (!value) return;
  if (std::holds_alternative<cql::Null>(*value)) {
    FUZZ_CHECK(!bytes || bytes->empty());
    return;
  }
  auto encoded = encode_value(type, *value);
  FUZZ_CHECK(encoded.ok());
  FUZZ_CHECK(encoded->kind == cql::EncodedValue::Kind::kBytes);
  if (exact_round_trip(type.id)) FUZZ_CHECK(encoded->bytes == *bytes);
  // Doubles may be NaN (never equal), so the second round compares encodings.
  auto again = decode_value(type, std::string_view(encoded->bytes));
  FUZZ_CHECK(again.ok());
  auto re_encoded = encode_value(type, *again);
  FUZZ_CHECK(re_encoded.ok() && re_encoded->bytes == encoded->bytes);
}

void check_columns(const std::vector<ColumnSpec>& columns) {
  for (const auto& c : columns) FUZZ_CHECK(!type_name(c.type).empty());
}

void check_rows(const Rows& rows) {
  const auto& m = rows.metadata;
  FUZZ_CHECK(m.column_count >= 0 && rows.row_count >= 0);
  FUZZ_CHECK(m.no_metadata || m.columns.size() == static_cast<size_t>(m.column_count));
  check_columns(m.columns);
  FUZZ_CHECK(rows.cells.size() ==
             static_cast<size_t>(rows.row_count) * static_cast<size_t>(m.column_count));
  for (const auto& c : rows.cells) {
    FUZZ_CHECK(c.length >= -1);
    if (c.length >= 0) FUZZ_CHECK(size_t{c.offset} + size_t(c.length) <= rows.body.size());
  }
  for (size_t r = 0; r < static_cast<size_t>(rows.row_count); ++r) {
    for (size_t col = 0; col < static_cast<size_t>(m.column_count); ++col) {
      auto cell = rows.cell(r, col);
      if (!m.no_metadata) check_cell(m.columns[col].type, cell);
    }
  }
}

void check_result(const ResultMessage& result) {
  if (auto* rows = std::get_if<Rows>(&result)) check_rows(*rows);
  if (auto* p = std::get_if<PreparedResult>(&result)) {
    for (uint16_t index : p->pk_indexes) FUZZ_CHECK(index < p->bind_columns.size());
    check_columns(p->bind_columns);
    check_columns(p->result_metadata.columns);
  }
}

// The header rules of the spec, written out independently of frame.cpp.
bool valid_server_header(const uint8_t* h) {
  const uint8_t op = h[4];
  const bool response_opcode = op <= 0x10 && op != 0x04;
  const uint32_t length =
      (uint32_t{h[5]} << 24) | (uint32_t{h[6]} << 16) | (uint32_t{h[7]} << 8) | h[8];
  return h[0] == 0x84 && response_opcode && length <= uint32_t{kMaxBodyLength};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto header = decode_response_header(input.substr(0, kHeaderSize));
  if (size < kHeaderSize) {
    FUZZ_CHECK(!header);
    return 0;
  }
  FUZZ_CHECK(header.ok() == valid_server_header(data));
  if (!header) return 0;
  FUZZ_CHECK(header->flags == data[1]);
  FUZZ_CHECK(static_cast<uint16_t>(header->stream) == ((data[2] << 8) | data[3]));
  FUZZ_CHECK(static_cast<uint8_t>(header->opcode) == data[4]);
  FUZZ_CHECK(opcode_name(header->opcode) != std::string_view("UNKNOWN"));

  // The body is whatever follows, so the fuzzer need not keep the length field in step.
  auto response = decode_response(*header, std::string(input.substr(kHeaderSize)));
  if (!response) {
    FUZZ_CHECK(!response.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!response->tracing_id || response->tracing_id->size() == 16);
  if (auto* e = std::get_if<ServerError>(&response->body)) FUZZ_CHECK(!describe(*e).empty());
  if (auto* r = std::get_if<ResultMessage>(&response->body)) check_result(*r);
  return 0;
}
