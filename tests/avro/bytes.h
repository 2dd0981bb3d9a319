// Byte-buffer helpers shared by the Avro tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace clicklog::avro::testing {

inline std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline std::string hex(std::string_view s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace clicklog::avro::testing
