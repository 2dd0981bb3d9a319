#include "job/run_summary.h"

#include <gtest/gtest.h>

namespace clicklog::job {
namespace {

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

TEST(RunSummary, GivesTheRateFromTheFirstRecordToTheLast) {
  RunCounts c;
  c.records = 2'000'000;
  c.searches = 1'200'000;
  c.windows = 259;
  EXPECT_EQ(first_line(format_run_summary(c, 3.5, 2.0)),
            "clicklog summary: 2000000 records in 3.50 s (2.00 s from first record to last: "
            "1000000/s), 1200000 searches counted, 259 windows emitted, late searches: 0 partial, "
            "0 dropped");
}

// Every record in one poll: no span to divide by, and no "0/s" that reads as a stall.
TEST(RunSummary, SaysWhenEveryRecordCameInOneBatch) {
  RunCounts c;
  c.records = 20;
  const std::string line = first_line(format_run_summary(c, 1.25, 0.0));
  EXPECT_EQ(line,
            "clicklog summary: 20 records in 1.25 s (all in one batch), 0 searches counted, 0 "
            "windows emitted, late searches: 0 partial, 0 dropped");
}

TEST(RunSummary, SaysWhenNothingWasRead) {
  const std::string line = first_line(format_run_summary(RunCounts{}, 4.0, 0.0));
  EXPECT_NE(line.find("clicklog summary: 0 records in 4.00 s (none read)"), std::string::npos)
      << line;
}

TEST(RunSummary, NamesBadRecordsByReason) {
  RunCounts c;
  c.records = 10;
  c.bad = 4;
  c.bad_by_reason = " bad_time=3 no_destination=1";
  c.dead_letters = 4;
  const std::string text = format_run_summary(c, 1.0, 0.5);
  EXPECT_NE(text.find("\nclicklog summary: 4 bad records by reason: bad_time=3 no_destination=1, "
                      "4 forwarded to the dead-letter topic\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace clicklog::job
