#include "common/time_format.h"

#include <fmt/format.h>

namespace clicklog {

// Howard Hinnant's civil-date algorithms (public domain description of the arithmetic).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

namespace {
std::string format(int64_t epoch_ms, bool always_ms) {
  const int64_t days = floor_div(epoch_ms, 86'400'000);
  const int64_t in_day = epoch_ms - days * 86'400'000;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const int64_t secs = in_day / 1000, ms = in_day % 1000;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, secs / 3600,
                                secs / 60 % 60, secs % 60);
  if (always_ms || ms != 0) out += fmt::format(".{:03}", ms);
  out += 'Z';
  return out;
}
}  // namespace

std::string format_rfc3339_utc(int64_t epoch_ms) {
  return format(epoch_ms, false);
}
std::string format_rfc3339_utc_ms(int64_t epoch_ms) {
  return format(epoch_ms, true);
}

std::string format_utc_date(int64_t epoch_ms) {
  int64_t y;
  unsigned m, d;
  civil_from_days(floor_div(epoch_ms, 86'400'000), y, m, d);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace clicklog
