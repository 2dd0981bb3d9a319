// Parses the ClickLog `time` field (CONTRACT.md section 1) into epoch milliseconds:
// RFC 3339 with a zone ("2026-11-27T23:01:43.123Z", "...+01:00"), or "YYYY-MM-DD HH:MM:SS[.fff]"
// read as UTC. Digits beyond milliseconds are truncated. Anything else is nullopt (a bad record).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clicklog {

std::optional<int64_t> parse_event_time(std::string_view text);

}  // namespace clicklog
