#include "cql/protocol/requests.h"

#include <fmt/format.h>

#include <limits>

#include "cql/protocol/bytes_writer.h"

namespace clicklog::cql::protocol {

namespace {

constexpr uint8_t kValues = 0x01;
constexpr uint8_t kSkipMetadata = 0x02;
constexpr uint8_t kPageSize = 0x04;
constexpr uint8_t kPagingState = 0x08;
constexpr uint8_t kSerialConsistency = 0x10;
constexpr uint8_t kDefaultTimestamp = 0x20;

void write_value(BytesWriter& w, const EncodedValue& v) {
  switch (v.kind) {
    case EncodedValue::Kind::kNull:
      w.i32(-1);
      break;
    case EncodedValue::Kind::kUnset:
      w.i32(-2);
      break;
    case EncodedValue::Kind::kBytes:
      w.bytes(v.bytes);
      break;
  }
}

Status write_values(BytesWriter& w, const std::vector<EncodedValue>& values) {
  if (values.size() > std::numeric_limits<uint16_t>::max()) {
    return Error{fmt::format("{} bound values exceed the protocol's 65535", values.size())};
  }
  w.u16(static_cast<uint16_t>(values.size()));
  for (const auto& v : values) write_value(w, v);
  return {};
}

Status write_parameters(BytesWriter& w, const QueryParameters& p) {
  uint8_t flags = 0;
  if (!p.values.empty()) flags |= kValues;
  if (p.skip_metadata) flags |= kSkipMetadata;
  if (p.page_size > 0) flags |= kPageSize;
  if (p.paging_state) flags |= kPagingState;
  if (p.serial_consistency) flags |= kSerialConsistency;
  if (p.default_timestamp_us) flags |= kDefaultTimestamp;
  w.u16(static_cast<uint16_t>(p.consistency));
  w.u8(flags);
  if (flags & kValues) {
    if (auto st = write_values(w, p.values); !st) return st;
  }
  if (flags & kPageSize) w.i32(p.page_size);
  if (flags & kPagingState) w.bytes(*p.paging_state);
  if (flags & kSerialConsistency) w.u16(static_cast<uint16_t>(*p.serial_consistency));
  if (flags & kDefaultTimestamp) w.i64(*p.default_timestamp_us);
  return {};
}

Result<std::string> finish(BytesWriter& w) {
  if (!w.ok()) return w.error();
  return w.take();
}

}  // namespace

std::string encode_startup(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> options = extra;
  options["CQL_VERSION"] = "3.0.0";
  BytesWriter w;
  w.string_map(options);
  return w.take();
}

std::string encode_auth_response(std::string_view token) {
  BytesWriter w;
  w.bytes(token);
  return w.take();
}

std::string plain_auth_token(std::string_view user, std::string_view password) {
  std::string token;
  token.push_back('\0');
  token.append(user);
  token.push_back('\0');
  token.append(password);
  return token;
}

std::string encode_register(const std::vector<std::string>& event_types) {
  BytesWriter w;
  w.string_list(event_types);
  return w.take();
}

Result<std::string> encode_query(std::string_view cql, const QueryParameters& params) {
  BytesWriter w;
  w.long_string(cql);
  if (auto st = write_parameters(w, params); !st) return Error{st.message()};
  return finish(w);
}

Result<std::string> encode_prepare(std::string_view cql) {
  BytesWriter w;
  w.long_string(cql);
  return finish(w);
}

Result<std::string> encode_execute(std::string_view prepared_id, const QueryParameters& params) {
  BytesWriter w;
  w.short_bytes(prepared_id);
  if (auto st = write_parameters(w, params); !st) return Error{st.message()};
  return finish(w);
}

Result<std::string> encode_batch(const std::vector<BatchEntry>& entries,
                                 const BatchParameters& params) {
  if (entries.size() > std::numeric_limits<uint16_t>::max()) {
    return Error{fmt::format("a batch of {} statements exceeds 65535", entries.size())};
  }
  BytesWriter w;
  w.u8(static_cast<uint8_t>(params.type));
  w.u16(static_cast<uint16_t>(entries.size()));
  for (const auto& e : entries) {
    w.u8(e.is_prepared ? 1 : 0);
    if (e.is_prepared) {
      w.short_bytes(e.query_or_id);
    } else {
      w.long_string(e.query_or_id);
    }
    if (auto st = write_values(w, e.values); !st) return Error{st.message()};
  }
  uint8_t flags = 0;
  if (params.serial_consistency) flags |= kSerialConsistency;
  if (params.default_timestamp_us) flags |= kDefaultTimestamp;
  w.u16(static_cast<uint16_t>(params.consistency));
  w.u8(flags);
  if (params.serial_consistency) w.u16(static_cast<uint16_t>(*params.serial_consistency));
  if (params.default_timestamp_us) w.i64(*params.default_timestamp_us);
  return finish(w);
}

}  // namespace clicklog::cql::protocol
