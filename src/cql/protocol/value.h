// Value: one CQL value as the client sees it (a bound variable or a decoded cell), and
// EncodedValue: its wire form as a [value] (bytes, null or "not set").
//
// Integers are distinct on purpose: `int32_t` is CQL int, `int64_t` bigint/counter; with
// prepared metadata the encoder widens or range-checks to the declared column type.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clicklog::cql {

struct Null {
  bool operator==(const Null&) const = default;
};
// "Leave the column as it is" ([value] length -2), for bound statements only.
struct Unset {
  bool operator==(const Unset&) const = default;
};
struct Timestamp {
  int64_t ms_since_epoch = 0;
  bool operator==(const Timestamp&) const = default;
};
// Days since 1970-01-01, negative before.
struct Date {
  int32_t days_since_epoch = 0;
  bool operator==(const Date&) const = default;
};
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};
struct Uuid {
  std::array<uint8_t, 16> bytes{};
  // "123e4567-e89b-12d3-a456-426614174000"
  static std::optional<Uuid> parse(std::string_view text);
  std::string to_string() const;
  bool operator==(const Uuid&) const = default;
};
// An IP address in text form ("127.0.0.1", "::1").
struct Inet {
  std::string address;
  bool operator==(const Inet&) const = default;
};

using Value = std::variant<Null, Unset, bool, int32_t, int64_t, double, std::string, Blob,
                           Timestamp, Date, Uuid, Inet, std::vector<std::string>>;

// "bigint (int64_t)" style names for type-mismatch messages.
const char* value_kind_name(const Value& v);

struct EncodedValue {
  enum class Kind : uint8_t { kBytes, kNull, kUnset };
  Kind kind = Kind::kNull;
  std::string bytes;

  static EncodedValue of(std::string b) { return {Kind::kBytes, std::move(b)}; }
  static EncodedValue null() { return {Kind::kNull, {}}; }
  static EncodedValue unset() { return {Kind::kUnset, {}}; }
  bool operator==(const EncodedValue&) const = default;
};

}  // namespace clicklog::cql
