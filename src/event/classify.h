// Turns a Kafka record value into a timed ClickLog, or the reason it is a bad record
// (CONTRACT.md section 5). The reasons are stable names used in metrics and DLQ headers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "avro/click_log.h"
#include "avro/codec.h"

namespace clicklog {

struct TimedEvent {
  ClickLogView event;
  int64_t time_ms = 0;
};

// nullopt on success; otherwise the reason ("truncated", "bad_magic", ..., "missing_time",
// "bad_time").
std::optional<std::string_view> decode_timed(std::span<const uint8_t> value, avro::Framing framing,
                                             TimedEvent& out);

// CONTRACT.md section 2: counted by the top-destinations query.
inline bool is_counted_search(const ClickLogView& e) {
  return e.action && *e.action == "search" && e.destination && !e.destination->empty();
}

// CONTRACT.md section 3: considered by the second-hotel query.
inline bool is_counted_click(const ClickLogView& e) {
  return e.action && *e.action == "click" && e.user_id && e.hotel && !e.hotel->empty();
}

}  // namespace clicklog
