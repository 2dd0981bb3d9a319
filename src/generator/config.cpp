#include "generator/config.h"

#include <string>

namespace clicklog::generator {

namespace {
Status out_of_range(const std::string& name, const std::string& range) {
  return Error{name + " must be " + range};
}
bool is_rate(double p) {
  return p >= 0 && p <= 1;
}
bool is_exponent(double s) {
  return s >= 0 && s <= 10;
}
}  // namespace

Status validate(const Config& c) {
  if (c.users < 1) return out_of_range("users", "at least 1");
  if (c.event_interval_ms < 0) return out_of_range("event interval", "0 or more");
  if (c.destinations < 1 || c.destinations > 1'000'000)
    return out_of_range("destinations", "between 1 and 1000000");
  if (!is_exponent(c.destination_zipf) || !is_exponent(c.hotel_zipf) || !is_exponent(c.user_zipf))
    return out_of_range("zipf exponents", "between 0 and 10");
  if (c.max_hotels < 1 || c.max_hotels > 9999) return out_of_range("max hotels", "in 1..9999");
  if (c.min_hotels < 1 || c.min_hotels > c.max_hotels)
    return out_of_range("min hotels", "in 1..max hotels");
  if (c.concurrent_sessions < 1 || c.concurrent_sessions > 1'000'000)
    return out_of_range("concurrent sessions", "between 1 and 1000000");
  if (c.max_destinations_per_session < 1)
    return out_of_range("destinations per session", "at least 1");
  if (!is_rate(c.next_destination_rate) || !is_rate(c.repeat_click_rate) ||
      !is_rate(c.filter_hotel_rate) || !is_rate(c.anonymous_session_rate) ||
      !is_rate(c.malformed_event_rate))
    return out_of_range("rates", "between 0 and 1");
  return Status::Ok();
}

}  // namespace clicklog::generator
