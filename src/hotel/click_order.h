// Where a click stands among one user's clicks of one UTC day (CONTRACT.md section 3): event
// time, then Kafka partition, then offset. Packed into 16 bytes because the streaming state
// keeps two of them per active user.
#pragma once

#include <compare>
#include <cstdint>

#include "common/time_format.h"

namespace clicklog::hotel {

inline constexpr int64_t kDayMs = 86'400'000;

// Days since 1970-01-01 of the UTC date holding epoch_ms. Event times come from a four-digit
// year (CONTRACT.md section 1), far inside int32 days.
inline int32_t utc_day(int64_t epoch_ms) {
  return static_cast<int32_t>(floor_div(epoch_ms, kDayMs));
}

struct ClickOrder {
  uint32_t ms_of_day = 0;  // event time minus the day's start: 0 .. 86'399'999
  int32_t partition = 0;
  int64_t offset = 0;

  // Members compare in declaration order: time, partition, offset.
  auto operator<=>(const ClickOrder&) const = default;
};
static_assert(sizeof(ClickOrder) == 16);

inline ClickOrder click_order(int64_t time_ms, int32_t partition, int64_t offset) {
  const int64_t day_start = int64_t{utc_day(time_ms)} * kDayMs;
  return {static_cast<uint32_t>(time_ms - day_start), partition, offset};
}

}  // namespace clicklog::hotel
