// The [consistency] levels of the protocol, with their wire values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clicklog::cql::protocol {

enum class Consistency : uint16_t {
  kAny = 0x0000,
  kOne = 0x0001,
  kTwo = 0x0002,
  kThree = 0x0003,
  kQuorum = 0x0004,
  kAll = 0x0005,
  kLocalQuorum = 0x0006,
  kEachQuorum = 0x0007,
  kSerial = 0x0008,
  kLocalSerial = 0x0009,
  kLocalOne = 0x000A,
};

// "LOCAL_QUORUM"; "UNKNOWN(0x0042)"-style text is the caller's business for foreign values.
const char* consistency_name(Consistency c);
// Accepts the names above, case-insensitively ("local_quorum").
std::optional<Consistency> parse_consistency(std::string_view name);
bool is_known_consistency(uint16_t wire);

}  // namespace clicklog::cql::protocol
