// Parses the ClickLog `time` field (CONTRACT.md section 1) into epoch milliseconds:
// RFC 3339 with a zone ("2026-11-27T23:01:43.123Z", "...+01:00"), or "YYYY-MM-DD HH:MM:SS[.fff]"
// read as UTC. Digits beyond milliseconds are truncated. Anything else is nullopt (a bad record).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace clicklog {

std::optional<int64_t> parse_event_time(std::string_view text);

// The date, hour and minute a time starts with ("YYYY-MM-DDTHH:MM", always 16 characters).
inline constexpr size_t kMinuteChars = 16;
struct MinutePrefix {
  int64_t epoch_s = 0;  // that minute's first second, before any zone offset
  bool space_form = false;
};

// parse_event_time for a stream of times, with the same answers. The events of a partition come
// in about time order, so most times start with the same minute as the one before: it keeps the
// last minute read, and for a time that starts with the same 16 characters reads only the
// seconds, fraction and zone (no calendar arithmetic).
class EventTimeParser {
 public:
  std::optional<int64_t> parse(std::string_view text);

 private:
  std::array<char, kMinuteChars> minute_text_{};
  MinutePrefix minute_;
  bool known_ = false;
};

}  // namespace clicklog
