#include "cql/protocol/consistency.h"

#include <array>
#include <cctype>
#include <utility>

namespace clicklog::cql::protocol {

namespace {
constexpr std::array<std::pair<Consistency, const char*>, 11> kNames{{
    {Consistency::kAny, "ANY"},
    {Consistency::kOne, "ONE"},
    {Consistency::kTwo, "TWO"},
    {Consistency::kThree, "THREE"},
    {Consistency::kQuorum, "QUORUM"},
    {Consistency::kAll, "ALL"},
    {Consistency::kLocalQuorum, "LOCAL_QUORUM"},
    {Consistency::kEachQuorum, "EACH_QUORUM"},
    {Consistency::kSerial, "SERIAL"},
    {Consistency::kLocalSerial, "LOCAL_SERIAL"},
    {Consistency::kLocalOne, "LOCAL_ONE"},
}};
}  // namespace

const char* consistency_name(Consistency c) {
  for (const auto& [value, name] : kNames) {
    if (value == c) return name;
  }
  return "UNKNOWN";
}

std::optional<Consistency> parse_consistency(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    std::string_view n(name);
    if (n.size() != text.size()) continue;
    bool same = true;
    for (size_t i = 0; i < n.size() && same; ++i) {
      same = std::toupper(static_cast<unsigned char>(text[i])) == n[i];
    }
    if (same) return value;
  }
  return std::nullopt;
}

bool is_known_consistency(uint16_t wire) {
  return wire <= 0x000A;
}

}  // namespace clicklog::cql::protocol
