// The consumer lag of librdkafka's statistics: per partition of our topic, unknowns kept as -1,
// the internal partition left out, and anything else than a statistics document refused.
#include "kafka/consumer_stats.h"

#include <gtest/gtest.h>

#include "common/metrics.h"

namespace clicklog::kafka {
namespace {

// The shape of librdkafka's document (STATISTICS.md), trimmed to what the parser reads and a
// few neighbours it must skip.
constexpr std::string_view kStats = R"({
  "name": "clicklog#consumer-1", "type": "consumer", "ts": 123, "msg_cnt": 7,
  "brokers": {"b:9092/1": {"name": "b:9092/1", "toppars": {}}},
  "topics": {
    "clicklog": {"topic": "clicklog", "partitions": {
      "0": {"partition": 0, "desired": true, "fetch_state": "active", "consumer_lag": 42,
            "consumer_lag_stored": 50, "hi_offset": 100},
      "1": {"partition": 1, "desired": true, "consumer_lag": 0},
      "2": {"partition": 2, "desired": false, "consumer_lag": -1},
      "-1": {"partition": -1, "consumer_lag": -1}}},
    "other": {"topic": "other", "partitions": {"0": {"partition": 0, "consumer_lag": 9}}}
  },
  "cgrp": {"state": "up"}
})";

TEST(ConsumerStats, PerPartitionOfTheTopic) {
  const auto lag = parse_consumer_lag(kStats, "clicklog");
  ASSERT_TRUE(lag);
  EXPECT_EQ(*lag, (std::map<int32_t, int64_t>{{0, 42}, {1, 0}, {2, -1}}));
  EXPECT_EQ(parse_consumer_lag(kStats, "other"), (std::map<int32_t, int64_t>{{0, 9}}));
}

TEST(ConsumerStats, NotAStatisticsDocument) {
  EXPECT_EQ(parse_consumer_lag(kStats, "missing"), std::nullopt);
  for (std::string_view bad : {"", "{", "[]", "42", R"({"topics": []})",
                               R"({"topics": {"clicklog": {"partitions": 3}}})"}) {
    EXPECT_EQ(parse_consumer_lag(bad, "clicklog"), std::nullopt) << bad;
  }
  EXPECT_EQ(parse_consumer_lag(R"({"topics":{"clicklog":{"partitions":{"0":{"partition":0}}}}})",
                               "clicklog"),
            (std::map<int32_t, int64_t>{}));
}

TEST(ConsumerStats, SetsTheGauges) {
  record_consumer_lag(kStats, "clicklog");
  std::map<std::string, int64_t> gauges;
  for (const auto& s : metrics::snapshot()) {
    if (s.name == "clicklog_consumer_lag") gauges[s.labels] = s.value;
  }
  EXPECT_EQ(gauges, (std::map<std::string, int64_t>{
                        {"partition=\"0\"", 42}, {"partition=\"1\"", 0}, {"partition=\"2\"", -1}}));
}

}  // namespace
}  // namespace clicklog::kafka
