#include "avro/click_log_schema.h"

#include <array>

namespace clicklog::avro {

Result<Schema> Schema::parse(std::string_view json) {
  avro_schema_t raw = nullptr;
  if (avro_schema_from_json_length(json.data(), json.size(), &raw) != 0) {
    return Error{std::string("avro schema: ") + avro_strerror()};
  }
  return Schema(detail::SchemaPtr(raw));
}

namespace {

constexpr uint64_t kEmpty = 0xc15d213aa4d7a795ULL;

constexpr std::array<uint64_t, 256> make_table() {
  std::array<uint64_t, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    uint64_t fp = i;
    for (int bit = 0; bit < 8; ++bit) fp = (fp >> 1) ^ (kEmpty & (0 - (fp & 1)));
    table[i] = fp;
  }
  return table;
}

constexpr std::array<uint64_t, 256> kTable = make_table();

}  // namespace

uint64_t crc64_avro(std::string_view bytes) {
  uint64_t fp = kEmpty;
  for (unsigned char b : bytes) fp = (fp >> 8) ^ kTable[(fp ^ b) & 0xff];
  return fp;
}

}  // namespace clicklog::avro
