#include "event/classify.h"

#include "event/event_time.h"

namespace clicklog {

std::optional<std::string_view> decode_timed(std::span<const uint8_t> value, avro::Framing framing,
                                             TimedEvent& out) {
  if (auto error = avro::decode(value, framing, out.event)) return avro::to_string(*error);
  if (!out.event.time) return "missing_time";
  const auto t = parse_event_time(*out.event.time);
  if (!t) return "bad_time";
  out.time_ms = *t;
  return std::nullopt;
}

}  // namespace clicklog
