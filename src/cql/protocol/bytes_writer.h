// BytesWriter appends the native protocol's notations ([int], [string], [bytes], [value], ...)
// big-endian to a growing buffer. Length overflows (a [string] over 65535 bytes) are sticky
// errors checked once at the end, so encoders stay linear.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace clicklog::cql::protocol {

class BytesWriter {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(uint16_t v);
  void i32(int32_t v);
  void i64(int64_t v);
  void raw(std::string_view bytes) { out_.append(bytes); }

  void string(std::string_view s);                // [string]: [short] n + n bytes
  void long_string(std::string_view s);           // [long string]: [int] n + n bytes
  void bytes(std::optional<std::string_view> b);  // [bytes]: null as length -1
  void short_bytes(std::string_view b);           // [short bytes]
  void string_list(const std::vector<std::string>& list);
  void string_map(const std::map<std::string, std::string>& map);

  bool ok() const { return error_.empty(); }
  // The first overflow met, for the caller's Result.
  Error error() const { return Error{error_}; }

  const std::string& data() const { return out_; }
  std::string take() { return std::move(out_); }
  size_t size() const { return out_.size(); }
  // Overwrites 4 bytes at `offset` (for lengths known only after the payload).
  void patch_i32(size_t offset, int32_t v);

 private:
  void fail(std::string message);

  std::string out_;
  std::string error_;
};

}  // namespace clicklog::cql::protocol
