// BytesReader walks a server frame body with bounds checks on every read. A read past the end,
// or a negative length where none is allowed, makes the reader fail (sticky): later reads
// return empty values, and error() says what was being read and where. Nothing it returns
// ever points outside the input, so a malformed frame is an error value, never a crash.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace clicklog::cql::protocol {

class BytesReader {
 public:
  explicit BytesReader(std::string_view data) : data_(data) {}

  // Each read names its field ("error code") for the message of a truncated frame.
  uint8_t u8(const char* what);
  uint16_t u16(const char* what);  // [short]
  int32_t i32(const char* what);   // [int]
  int64_t i64(const char* what);   // [long]
  std::string_view raw(size_t n, const char* what);

  std::string_view string(const char* what);       // [string]
  std::string_view long_string(const char* what);  // [long string]
  // [bytes]: nullopt for a null (negative length) value.
  std::optional<std::string_view> bytes(const char* what);
  std::string_view short_bytes(const char* what);  // [short bytes]
  std::vector<std::string> string_list(const char* what);
  std::map<std::string, std::string> string_map(const char* what);
  std::map<std::string, std::vector<std::string>> string_multimap(const char* what);
  // [inet]: "1.2.3.4:9042" or "[::1]:9042".
  std::string inet(const char* what);

  // A count ([int]) that must be >= 0 and, with at least `min_item_bytes` per item, fit in
  // what is left: guards the loops and reserve() calls that follow it.
  int32_t count(const char* what, size_t min_item_bytes);

  void fail(std::string message);
  bool ok() const { return error_.empty(); }
  Error error() const { return Error{error_}; }

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  bool need(size_t n, const char* what);

  std::string_view data_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace clicklog::cql::protocol
