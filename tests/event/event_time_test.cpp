#include "event/event_time.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/time_format.h"

namespace clicklog {

constexpr int64_t kBase = 1'795'819'700'000;  // 2026-11-27T22:48:20Z

TEST(EventTime, Rfc3339Forms) {
  EXPECT_EQ(parse_event_time("2026-11-27T22:48:20Z"), kBase);
  EXPECT_EQ(parse_event_time("2026-11-27T22:48:20.123Z"), kBase + 123);
  EXPECT_EQ(parse_event_time("2026-11-27t22:48:20.5z"), kBase + 500);
  EXPECT_EQ(parse_event_time("2026-11-27T23:48:20+01:00"), kBase);
  EXPECT_EQ(parse_event_time("2026-11-27T21:18:20-01:30"), kBase);
  EXPECT_EQ(parse_event_time("2026-11-27T22:48:20-00:00"), kBase);
  // Beyond millisecond resolution digits are truncated, not rounded.
  EXPECT_EQ(parse_event_time("2026-11-27T22:48:20.123999999Z"), kBase + 123);
}

TEST(EventTime, SpaceFormIsUtc) {
  EXPECT_EQ(parse_event_time("2026-11-27 22:48:20"), kBase);
  EXPECT_EQ(parse_event_time("2026-11-27 22:48:20.042"), kBase + 42);
  EXPECT_EQ(parse_event_time("2026-11-27 22:48:20Z"), kBase);
}

TEST(EventTime, CalendarEdges) {
  EXPECT_EQ(parse_event_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_event_time("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(parse_event_time("2024-02-29T00:00:00Z"), 1'709'164'800'000);
  EXPECT_EQ(parse_event_time("2026-11-28T00:30:00+01:00"),
            parse_event_time("2026-11-27T23:30:00Z"));
  // A leap second folds into the next minute.
  EXPECT_EQ(parse_event_time("2016-12-31T23:59:60Z"), parse_event_time("2017-01-01T00:00:00Z"));
}

TEST(EventTime, RejectsEverythingElse) {
  for (const char* bad : {"",
                          "not a time",
                          "2026-11-27",
                          "2026-11-27T22:48:20",
                          "2026-11-27T22:48Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-01T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2026-11-31T00:00:00Z",
                          "2026-11-27T24:00:00Z",
                          "2026-11-27T22:60:00Z",
                          "2026-11-27T22:48:61Z",
                          "2026-11-27T22:48:20.Z",
                          "2026-11-27T22:48:20+0100",
                          "2026-11-27T22:48:20+24:00",
                          "2026-11-27T22:48:20Z ",
                          " 2026-11-27T22:48:20Z",
                          "2026/11/27 22:48:20",
                          "26-11-27T22:48:20Z",
                          "2026-11-27X22:48:20Z",
                          "1795819700000",
                          "2026-11-27T22:48:20ZZ",
                          "2026-11-27 22:48:20 UTC",
                          "２026-11-27T22:48:20Z"}) {
    EXPECT_EQ(parse_event_time(bad), std::nullopt) << bad;
  }
}

// Each time read after the one before it, by one parser: what parse_event_time says alone.
TEST(EventTimeParser, AgreesWithParseEventTimeWhateverCameBefore) {
  const std::vector<std::string> times = {
      "2026-11-27T22:48:20Z",          "2026-11-27T22:48:21.5Z",
      "2026-11-27T22:48:61Z",          "2026-11-27T22:48:20+01:00",
      "2026-11-27T22:48:20",           "2026-11-27T22:48",
      "2026-11-27T22:48:20.123456Z",   "2026-11-27 22:48:20",
      "2026-11-27 22:48:20Z",          "2026-11-27 22:48",
      "2026-11-27 22:48:20.",          "2026-11-27T22:49:00Z",
      "2026-11-27t22:49:00z",          "2026-11-31T22:49:00Z",
      "2026-11-27T22:49:00Z",          "2026-02-29T22:49:00Z",
      "2026-11-27T22:49:00+24:00",     "",
      "2026-11-27T22:49:00Z",          "2016-12-31T23:59:60Z",
      "2016-12-31T23:59:59.999-00:30", "2016-12-31T23:59:5Z",
      "2016-12-31T23:59:59ZZ",         "2016-12-31T23:59:00.001Z"};
  // Every ordered pair, so that each time is read both fresh and after every other.
  for (const auto& first : times) {
    for (const auto& second : times) {
      EventTimeParser parser;
      EXPECT_EQ(parser.parse(first), parse_event_time(first)) << first;
      EXPECT_EQ(parser.parse(second), parse_event_time(second)) << first << " then " << second;
    }
  }
}

TEST(EventTimeParser, ReadsAStreamInTimeOrder) {
  EventTimeParser parser;
  for (int64_t ms = kBase - 5'000; ms < kBase + 125'000; ms += 7) {
    ASSERT_EQ(parser.parse(format_rfc3339_utc_ms(ms)), ms);
  }
}

}  // namespace clicklog
