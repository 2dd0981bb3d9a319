// A unit test of one's own pipeline, against the embedded broker (no Kafka to install): write a
// few clicks and a bad record, replay the topic, and check the windows the pipeline emitted.
#include <clicklog/clicklog.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

using namespace std::chrono_literals;

namespace {

clicklog::Click search(const char* time, const char* destination) {
  return {.user_id = 1, .time = time, .action = "search", .destination = destination};
}

TEST(MyPipeline, RanksTheSearchesOfEachWindow) {
  clicklog::EmbeddedBroker broker({"clicks", "clicks-dlq"}, 2);
  broker.produce("clicks", {search("2026-11-27T00:00:01Z", "Paris"),
                            search("2026-11-27T00:00:02Z", "Rome"),
                            search("2026-11-27T00:00:03Z", "Paris"),
                            {.user_id = 2, .time = "2026-11-27T00:00:04Z", .action = "click"}});
  broker.produce_raw("clicks", "not a ClickLog record");  // dead-lettered, never counted

  clicklog::Pipeline pipeline({.brokers = broker.bootstrap_servers(),
                               .topic = "clicks",
                               .group = "my-test",
                               .from_beginning = true,
                               .until_end = true,
                               .dead_letter_topic = "clicks-dlq",
                               .window = 20s,
                               .slide = 10s,
                               .max_future = 0ms});
  std::vector<clicklog::WindowResult> windows;
  pipeline.on_window([&](const clicklog::WindowResult& w) { windows.push_back(w); });
  pipeline.run();

  const int64_t t0 = 1'795'737'600'000;  // 2026-11-27T00:00:00Z
  const std::vector<clicklog::RankedDestination> top{{"Paris", 2}, {"Rome", 1}};
  ASSERT_EQ(windows.size(), 2u);  // [-10s, 10s) and [0s, 20s) hold the searches
  EXPECT_EQ(windows[0], (clicklog::WindowResult{t0 - 10'000, t0 + 10'000, top}));
  EXPECT_EQ(windows[1], (clicklog::WindowResult{t0, t0 + 20'000, top}));
}

}  // namespace
