#include "common/duration.h"

#include <gtest/gtest.h>

namespace clicklog {

TEST(Duration, ParsesUnitsAndSums) {
  EXPECT_EQ(parse_duration_ms("10m"), 600'000);
  EXPECT_EQ(parse_duration_ms("10s"), 10'000);
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("1h30m"), 5'400'000);
  EXPECT_EQ(parse_duration_ms("2d"), 172'800'000);
  EXPECT_EQ(parse_duration_ms("0"), 0);
}

TEST(Duration, RejectsMalformed) {
  for (const char* bad : {"", "10", "m", "10x", "-5s", "1.5s", "10 s", "s10", "99999999999999999d"})
    EXPECT_EQ(parse_duration_ms(bad), std::nullopt) << bad;
}

TEST(Duration, FormatRoundTrips) {
  for (int64_t ms : {0LL, 1LL, 999LL, 1000LL, 10'000LL, 600'000LL, 5'400'000LL, 90'061'001LL}) {
    EXPECT_EQ(parse_duration_ms(format_duration(ms)), ms) << format_duration(ms);
  }
  EXPECT_EQ(format_duration(600'000), "10m");
}

}  // namespace clicklog
