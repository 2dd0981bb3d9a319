// Parses human durations from the command line ("10m", "10s", "250ms", "1h30m").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clicklog {

// Milliseconds, or nullopt for anything that is not a sum of <number><unit> terms with units
// ms, s, m, h, d. A bare "0" is accepted.
std::optional<int64_t> parse_duration_ms(std::string_view text);

// "10m", "1h30m", "250ms": the shortest form that parses back to the same value.
std::string format_duration(int64_t ms);

}  // namespace clicklog
