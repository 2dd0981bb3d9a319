#include "common/time_format.h"

#include <gtest/gtest.h>

namespace clicklog {

TEST(TimeFormat, Rfc3339Utc) {
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339_utc(1'795'819'700'000), "2026-11-27T22:48:20Z");
  EXPECT_EQ(format_rfc3339_utc(1'795'819'700'123), "2026-11-27T22:48:20.123Z");
  EXPECT_EQ(format_rfc3339_utc_ms(1'795'819'700'000), "2026-11-27T22:48:20.000Z");
  EXPECT_EQ(format_rfc3339_utc(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339_utc(951'782'400'000), "2000-02-29T00:00:00Z");
}

TEST(TimeFormat, UtcDate) {
  EXPECT_EQ(format_utc_date(1'795'819'700'000), "2026-11-27");
  EXPECT_EQ(format_utc_date(-1), "1969-12-31");
}

TEST(TimeFormat, CivilDaysRoundTrip) {
  for (int64_t d = -800'000; d <= 800'000; d += 37) {
    int64_t y;
    unsigned m, day;
    civil_from_days(d, y, m, day);
    ASSERT_EQ(days_from_civil(y, m, day), d);
  }
}

TEST(TimeFormat, FloorDiv) {
  EXPECT_EQ(floor_div(-1, 10), -1);
  EXPECT_EQ(floor_div(-10, 10), -1);
  EXPECT_EQ(floor_div(-11, 10), -2);
  EXPECT_EQ(floor_div(19, 10), 1);
}

}  // namespace clicklog
