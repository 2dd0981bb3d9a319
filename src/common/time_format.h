// Formats epoch milliseconds as RFC 3339 UTC ("2026-11-27T23:01:40Z", or with ".123" when the
// milliseconds are not zero), the form every clicklog output uses.
#pragma once

#include <cstdint>
#include <string>

namespace clicklog {

std::string format_rfc3339_utc(int64_t epoch_ms);

// Always with milliseconds: "2026-11-27T23:01:40.000Z" (the producer's event time form).
std::string format_rfc3339_utc_ms(int64_t epoch_ms);

// "2026-11-27" for the UTC day holding epoch_ms.
std::string format_utc_date(int64_t epoch_ms);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian, any year).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d);

// Floor division that rounds toward negative infinity, for times before 1970.
constexpr int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace clicklog
