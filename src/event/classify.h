// Turns a Kafka record value into a timed ClickLog, or the reason it is a bad record
// (CONTRACT.md section 5), guards included: a time too far ahead of the wall clock, a field
// too long. The reasons are stable names used in metrics and DLQ headers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "avro/click_log.h"
#include "avro/codec.h"
#include "event/event_time.h"

namespace clicklog {

struct TimedEvent {
  ClickLogView event;
  int64_t time_ms = 0;
};

// nullopt on success; otherwise the reason ("truncated", "bad_magic", ..., "missing_time",
// "bad_time"). `times` reads the time field; keep one per stream of records.
std::optional<std::string_view> decode_timed(std::span<const uint8_t> value, avro::Framing framing,
                                             TimedEvent& out, EventTimeParser& times);

// Limits on what one record may carry, so that one bad client cannot stop or bloat the job.
struct RecordGuards {
  // A time more than this ahead of the wall clock is "future_time": a wrong clock must not move
  // a watermark (everything real would then be late). 0: no ceiling, for replays of simulated
  // future times.
  int64_t max_future_ms = 2 * 60 * 1000;
  // A destination or hotel longer than this is "field_too_long": it would be copied into every
  // result line (and the store) that names it. 0: no limit.
  size_t max_field_bytes = 1024;
};

// decode_timed, then the guards against the wall clock `wall_now_ms`; nullopt on success,
// else the reason (one of decode_timed's, or "future_time", "field_too_long").
std::optional<std::string_view> classify(std::span<const uint8_t> value, avro::Framing framing,
                                         const RecordGuards& guards, int64_t wall_now_ms,
                                         TimedEvent& out, EventTimeParser& times);

// CONTRACT.md section 2: counted by the top-destinations query.
inline bool is_counted_search(const ClickLogView& e) {
  return e.action && *e.action == "search" && e.destination && !e.destination->empty();
}

// CONTRACT.md section 3: considered by the second-hotel query.
inline bool is_counted_click(const ClickLogView& e) {
  return e.action && *e.action == "click" && e.user_id && e.hotel && !e.hotel->empty();
}

}  // namespace clicklog
