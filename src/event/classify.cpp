#include "event/classify.h"

namespace clicklog {

std::optional<std::string_view> decode_timed(std::span<const uint8_t> value, avro::Framing framing,
                                             TimedEvent& out, EventTimeParser& times) {
  if (auto error = avro::decode(value, framing, out.event)) return avro::to_string(*error);
  if (!out.event.time) return "missing_time";
  const auto t = times.parse(*out.event.time);
  if (!t) return "bad_time";
  out.time_ms = *t;
  return std::nullopt;
}

namespace {

bool too_long(const std::optional<std::string_view>& field, size_t max_bytes) {
  return max_bytes > 0 && field && field->size() > max_bytes;
}

}  // namespace

std::optional<std::string_view> classify(std::span<const uint8_t> value, avro::Framing framing,
                                         const RecordGuards& guards, int64_t wall_now_ms,
                                         TimedEvent& out, EventTimeParser& times) {
  if (auto reason = decode_timed(value, framing, out, times)) return reason;
  if (guards.max_future_ms > 0 && out.time_ms - wall_now_ms > guards.max_future_ms) {
    return "future_time";
  }
  if (too_long(out.event.destination, guards.max_field_bytes) ||
      too_long(out.event.hotel, guards.max_field_bytes)) {
    return "field_too_long";
  }
  return std::nullopt;
}

}  // namespace clicklog
