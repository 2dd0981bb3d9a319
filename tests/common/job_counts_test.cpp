#include "common/job_counts.h"

#include <gtest/gtest.h>

namespace clicklog::metrics {
namespace {

const std::vector<Sample> kSamples = {
    {"clicklog_bad_records_total", "reason=\"bad_time\"", 3},
    {"clicklog_bad_records_total", "reason=\"no_destination\"", 1},
    {"clicklog_bad_records_total", "reason=\"undecodable\"", 0},
    {"clicklog_consumer_lag", "partition=\"0\"", 7},
    {"clicklog_consumer_lag", "partition=\"1\"", -1},
    {"clicklog_consumer_lag", "partition=\"12\"", 5},
    {"clicklog_dead_letters_total", "", 4},
    {"clicklog_late_searches_total", "kind=\"dropped\"", 2},
    {"clicklog_late_searches_total", "kind=\"partial\"", 9},
    {"clicklog_records_total", "", 100},
    {"clicklog_searches_total", "", 60},
    {"clicklog_watermark_ms", "", 1764201600000},
    {"clicklog_windows_emitted_total", "", 8},
    {"clicklog_checkpoints_total", "", 99},
};

TEST(JobCounts, ReadsEachCountByName) {
  const JobCounts c = job_counts(kSamples);
  EXPECT_EQ(c.records, 100);
  EXPECT_EQ(c.searches, 60);
  EXPECT_EQ(c.windows_emitted, 8);
  EXPECT_EQ(c.dead_letters, 4);
  EXPECT_EQ(c.watermark_ms, 1764201600000);
  EXPECT_EQ(c.late_by_kind, (std::map<std::string, int64_t>{{"dropped", 2}, {"partial", 9}}));
}

TEST(JobCounts, KeepsEveryBadReasonAndSumsThem) {
  const JobCounts c = job_counts(kSamples);
  EXPECT_EQ(c.bad_by_reason, (std::map<std::string, int64_t>{
                                 {"bad_time", 3}, {"no_destination", 1}, {"undecodable", 0}}));
  EXPECT_EQ(c.bad_records(), 4);
}

// -1 is the gauge's "not read here or not known": such a partition is left out, not summed.
TEST(JobCounts, LeavesOutPartitionsWhoseLagIsUnknown) {
  const JobCounts c = job_counts(kSamples);
  EXPECT_EQ(c.consumer_lag, (std::map<int32_t, int64_t>{{0, 7}, {12, 5}}));
  EXPECT_EQ(c.consumer_lag_total(), 12);
}

TEST(JobCounts, AnEmptyProcessHasNoLagAndNoWatermark) {
  const JobCounts c = job_counts(std::vector<Sample>{});
  EXPECT_EQ(c.consumer_lag_total(), std::nullopt);
  EXPECT_EQ(c.watermark_ms, 0);
  EXPECT_EQ(c.bad_records(), 0);
}

TEST(JobCounts, LabelValueIsTheQuotedPart) {
  EXPECT_EQ(label_value("reason=\"bad_time\""), "bad_time");
  EXPECT_EQ(label_value("partition=\"31\""), "31");
  EXPECT_EQ(label_value(""), "");
}

}  // namespace
}  // namespace clicklog::metrics
