// Consumer with poll_ahead against the in-process mock cluster: every record once, in order per
// partition; the rebalance listener only ever on the caller's thread, also for a rebalance that
// another member's arrival starts and for the revocation of close().
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kafka/consumer.h"
#include "kafka/mock_cluster.h"
#include "kafka/producer.h"

namespace clicklog::kafka {
namespace {

constexpr int kPartitions = 4;
constexpr int kRecords = 20'000;

// Counts what it is told and notes every thread it is called on.
class Listener : public RebalanceListener {
 public:
  void on_assigned(const std::vector<int32_t>& partitions) override {
    threads.insert(std::this_thread::get_id());
    owned.insert(partitions.begin(), partitions.end());
    ++assignments;
  }
  void on_revoked(const std::vector<int32_t>& partitions) override {
    threads.insert(std::this_thread::get_id());
    for (int32_t p : partitions) owned.erase(p);
    ++revocations;
  }
  std::optional<int64_t> start_offset(int32_t) override {
    threads.insert(std::this_thread::get_id());
    return std::nullopt;
  }
  std::set<std::thread::id> threads;
  std::set<int32_t> owned;
  int assignments = 0;
  int revocations = 0;
};

class PollAhead : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::create(1, {{"clicks", kPartitions}});
    ASSERT_TRUE(cluster) << cluster.error().message;
    cluster_.emplace(std::move(*cluster));
    auto producer = Producer::create(cluster_->bootstrap_servers(), {}, 10'000);
    ASSERT_TRUE(producer) << producer.error().message;
    for (int i = 0; i < kRecords; ++i) {
      const std::string key = std::to_string(i % 97);
      ASSERT_TRUE(producer->send("clicks", key, std::to_string(i)));
    }
    ASSERT_TRUE(producer->flush(30'000));
  }

  Consumer consumer(bool poll_ahead) {
    ConsumerOptions o;
    o.brokers = cluster_->bootstrap_servers();
    o.topic = "clicks";
    o.group = "poll-ahead";
    o.from_beginning = true;
    o.poll_ahead = poll_ahead;
    o.session_timeout_ms = 3000;  // as on the embedded cluster: a quick rebalance
    auto c = Consumer::create(o);
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  std::optional<MockCluster> cluster_;
};

TEST_F(PollAhead, ReadsEveryRecordOnceInOrderWithTheListenerOnTheCallersThread) {
  Listener listener;
  auto c = consumer(true);
  c.set_listener(&listener);
  std::map<int32_t, int64_t> next;  // per partition, the offset expected next
  std::set<std::string> values;
  ConsumedBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (values.size() < kRecords && std::chrono::steady_clock::now() < deadline) {
    batch.clear();
    c.poll_batch(batch, 1000, 100);
    for (const Consumed& item : batch.items()) {
      if (item.kind != Consumed::Kind::kRecord) continue;
      ASSERT_EQ(item.offset, next[item.partition]) << "partition " << item.partition;
      next[item.partition] = item.offset + 1;
      ASSERT_TRUE(values.insert(std::string(item.value)).second) << "twice: " << item.value;
    }
  }
  batch.clear();
  EXPECT_EQ(values.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(listener.owned.size(), static_cast<size_t>(kPartitions));
  ASSERT_TRUE(c.close());
  EXPECT_EQ(listener.revocations, 1) << "close() revokes the assignment";
  EXPECT_EQ(listener.threads, std::set{std::this_thread::get_id()});
}

// A second member joins while the first polls ahead: the first is told of the revocation and
// of its new share on its own thread, between its batches.
TEST_F(PollAhead, ARebalanceReachesTheListenerOnTheCallersThread) {
  Listener first_listener, second_listener;
  auto first = consumer(true);
  first.set_listener(&first_listener);
  ConsumedBatch batch;
  const auto poll = [&](Consumer& c) {
    batch.clear();
    c.poll_batch(batch, 100, 50);
    batch.clear();
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (first_listener.owned.size() < kPartitions && std::chrono::steady_clock::now() < deadline) {
    poll(first);
  }
  ASSERT_EQ(first_listener.owned.size(), static_cast<size_t>(kPartitions));

  auto second = consumer(false);
  second.set_listener(&second_listener);
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((first_listener.owned.size() + second_listener.owned.size() != kPartitions ||
          second_listener.owned.empty() || first_listener.owned.empty()) &&
         std::chrono::steady_clock::now() < deadline) {
    poll(first);
    poll(second);
  }
  EXPECT_FALSE(first_listener.owned.empty());
  EXPECT_FALSE(second_listener.owned.empty());
  EXPECT_GE(first_listener.revocations, 1);
  EXPECT_GE(first_listener.assignments, 2);
  EXPECT_EQ(first_listener.threads, std::set{std::this_thread::get_id()});
  ASSERT_TRUE(second.close());
  ASSERT_TRUE(first.close());
}

}  // namespace
}  // namespace clicklog::kafka
