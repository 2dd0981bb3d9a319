// MergeStage against the in-process mock cluster: a merger elected before a lone process's
// hand-over is written (job/hand_over.h) starts again from it, so the windows it emits count the
// hand-over's state and the partials published after it, each once.
#include "job/merge_stage.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "job/hand_over.h"
#include "kafka/mock_cluster.h"
#include "kafka/producer.h"
#include "scaleout/partial_builder.h"
#include "window/destination_table.h"

namespace clicklog::job {
namespace {

constexpr int64_t kStart = 1'795'000'000'000;  // a whole minute

window::Config small_windows() {
  window::Config c;
  c.window_ms = 60'000;
  c.slide_ms = 10'000;
  c.top_n = 3;
  return c;
}

struct Search {
  int32_t partition;
  int64_t time_ms;
  std::string destination;
};

// Two input partitions: a lone process reads the first five searches of each, the group's
// members the rest.
std::vector<Search> searches() {
  std::vector<Search> out;
  for (int i = 0; i < 40; ++i) {
    const auto p = static_cast<int32_t>(i % 2);
    out.push_back({p, kStart + i * 5'000, "d" + std::to_string((i * 7) % 5)});
  }
  return out;
}

TEST(MergeStageTest, AMergerElectedBeforeTheHandOverStartsAgainFromIt) {
  auto cluster = kafka::MockCluster::create(1, {{"g-partials", 2}, {"g-merge", 1}});
  ASSERT_TRUE(cluster) << cluster.error().message;
  const std::string brokers = cluster->bootstrap_servers();
  auto producer = kafka::Producer::create(brokers, {}, 10'000);
  ASSERT_TRUE(producer) << producer.error().message;

  MergeStageOptions o;
  o.brokers = brokers;
  o.partials_topic = "g-partials";
  o.merge_topic = "g-merge";
  o.session_timeout_ms = 3'100;
  o.merger = scaleout::MergerOptions{small_windows(), 0, 2};
  std::vector<window::WindowResult> emitted;
  auto stage = MergeStage::open(o, *producer, [&](const window::WindowResult& r) {
    emitted.push_back(r);
    return Status{};
  });
  ASSERT_TRUE(stage) << stage.error().message;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!(*stage)->leading()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never elected";
    ASSERT_TRUE((*stage)->turn(0, false));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  // The lone process's state: the first five searches of each partition, nothing emitted.
  const auto all = searches();
  window::TopDestinations alone(small_windows());
  AloneState state;
  state.input_partitions = 2;
  std::vector<int64_t> read(2, 0);
  for (const Search& s : all) {
    if (read[s.partition] == 5) continue;
    alone.add(s.time_ms, s.destination);
    auto& at = state.inputs[s.partition];
    at.position = ++read[s.partition];
    at.max_event_ms = s.time_ms;
  }
  state.engine = alone.save();
  JobOptions job;
  job.consumer.brokers = brokers;
  job.consumer.group = "g";
  job.processor.window = small_windows();
  job.processor.lateness_ms = 0;
  ASSERT_TRUE(hand_over(job, *producer, state));

  // The members publish the rest from the hand-over's positions, then the ends.
  window::DestinationTable names;
  std::vector<scaleout::PartialBuilder> members;
  for (int32_t p = 0; p < 2; ++p) {
    members.emplace_back(p, small_windows().slide_ms, 5, state.inputs[p].max_event_ms);
  }
  std::vector<int64_t> next(2, 0);
  for (const Search& s : all) {
    if (next[s.partition]++ < 5) continue;
    auto& b = members[static_cast<size_t>(s.partition)];
    b.read(next[s.partition] - 1);
    b.observe(s.time_ms);
    b.count(s.time_ms, names.intern(s.destination));
  }
  for (auto& b : members) {
    const auto record = b.take(names, false, /*end*/ true);
    ASSERT_TRUE(producer->send("g-partials", std::to_string(record.input_partition),
                               scaleout::encode(record), {}, record.input_partition));
  }
  ASSERT_TRUE(producer->flush(10'000));

  window::TopDestinations one(small_windows());
  for (const Search& s : all) one.add(s.time_ms, s.destination);
  std::vector<window::WindowResult> expected;
  one.flush(expected);
  while (emitted.size() < expected.size()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline + std::chrono::seconds(30))
        << emitted.size() << " of " << expected.size() << " windows";
    ASSERT_TRUE((*stage)->turn(0, /*until_end*/ true));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(emitted, expected);
  ASSERT_TRUE((*stage)->close());
}

}  // namespace
}  // namespace clicklog::job
