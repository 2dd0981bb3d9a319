#include "cql/protocol/bytes_writer.h"

#include <fmt/format.h>

#include <limits>

namespace clicklog::cql::protocol {

void BytesWriter::u16(uint16_t v) {
  u8(static_cast<uint8_t>(v >> 8));
  u8(static_cast<uint8_t>(v));
}

void BytesWriter::i32(int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8) u8(static_cast<uint8_t>(u >> shift));
}

void BytesWriter::i64(int64_t v) {
  auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) u8(static_cast<uint8_t>(u >> shift));
}

void BytesWriter::string(std::string_view s) {
  if (s.size() > std::numeric_limits<uint16_t>::max()) {
    fail(fmt::format("[string] of {} bytes exceeds 65535", s.size()));
    return;
  }
  u16(static_cast<uint16_t>(s.size()));
  raw(s);
}

void BytesWriter::long_string(std::string_view s) {
  if (s.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    fail(fmt::format("[long string] of {} bytes is too long", s.size()));
    return;
  }
  i32(static_cast<int32_t>(s.size()));
  raw(s);
}

void BytesWriter::bytes(std::optional<std::string_view> b) {
  if (!b) {
    i32(-1);
    return;
  }
  if (b->size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    fail(fmt::format("[bytes] of {} bytes is too long", b->size()));
    return;
  }
  i32(static_cast<int32_t>(b->size()));
  raw(*b);
}

void BytesWriter::short_bytes(std::string_view b) {
  if (b.size() > std::numeric_limits<uint16_t>::max()) {
    fail(fmt::format("[short bytes] of {} bytes exceeds 65535", b.size()));
    return;
  }
  u16(static_cast<uint16_t>(b.size()));
  raw(b);
}

void BytesWriter::string_list(const std::vector<std::string>& list) {
  if (list.size() > std::numeric_limits<uint16_t>::max()) {
    fail(fmt::format("[string list] of {} entries exceeds 65535", list.size()));
    return;
  }
  u16(static_cast<uint16_t>(list.size()));
  for (const auto& s : list) string(s);
}

void BytesWriter::string_map(const std::map<std::string, std::string>& map) {
  if (map.size() > std::numeric_limits<uint16_t>::max()) {
    fail(fmt::format("[string map] of {} entries exceeds 65535", map.size()));
    return;
  }
  u16(static_cast<uint16_t>(map.size()));
  for (const auto& [k, v] : map) {
    string(k);
    string(v);
  }
}

void BytesWriter::patch_i32(size_t offset, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) out_[offset + i] = static_cast<char>(u >> (24 - 8 * i));
}

void BytesWriter::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

}  // namespace clicklog::cql::protocol
