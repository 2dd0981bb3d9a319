// /api/status's derived fields: the records rate over the last samples, the event-time lag
// from the watermark, and the consumer lag of the partitions this member reads.
#include "http/job_status.h"

#include <gtest/gtest.h>

#include "common/metrics.h"
#include "http/record_rate.h"

namespace clicklog::http {
namespace {

using std::chrono::seconds;

TEST(HttpRecordRate, OverTheLastSpan) {
  RecordRate rate(seconds(10));
  const RecordRate::Clock::time_point t0{};
  EXPECT_EQ(rate.per_second(), std::nullopt);
  rate.sample(t0, 0);
  EXPECT_EQ(rate.per_second(), std::nullopt);
  rate.sample(t0 + seconds(1), 500);
  EXPECT_DOUBLE_EQ(*rate.per_second(), 500);
  for (int i = 2; i <= 30; ++i) rate.sample(t0 + seconds(i), 500 + (i - 1) * 100);
  // The first second's burst has left the span: 100 a second since.
  EXPECT_DOUBLE_EQ(*rate.per_second(), 100);
}

TEST(HttpJobStatus, LagsAndRate) {
  const int64_t watermark = 1'796'169'600'000;
  metrics::gauge("clicklog_watermark_ms", "Event-time watermark (epoch ms)").set(watermark);
  metrics::gauge("clicklog_consumer_lag", "lag", "partition=\"3\"").set(7);
  metrics::gauge("clicklog_consumer_lag", "lag", "partition=\"10\"").set(5);
  metrics::gauge("clicklog_consumer_lag", "lag", "partition=\"4\"").set(-1);  // not read here
  LiveView view;
  const std::string status = status_json({"run", "g", "t"}, view, 1234.56, watermark + 2500);
  EXPECT_NE(status.find(R"("records_per_second":1234.6,)"), std::string::npos) << status;
  EXPECT_NE(status.find(R"("event_time_lag_seconds":2.500,)"), std::string::npos) << status;
  EXPECT_NE(status.find(R"("consumer_lag":{"3":7,"10":5},"consumer_lag_total":12,)"),
            std::string::npos)
      << status;
  int64_t gauge = -100;
  for (const auto& m : metrics::snapshot()) {
    if (m.name == "clicklog_event_time_lag_seconds") gauge = m.value;
  }
  EXPECT_EQ(gauge, 2);
  EXPECT_NE(status_json({"run", "g", "t"}, view, std::nullopt, watermark)
                .find(R"("records_per_second":null,)"),
            std::string::npos);
}

}  // namespace
}  // namespace clicklog::http
