// PartitionReader and read_last_values against the in-process mock cluster: chosen partitions
// from chosen offsets, and the last record of each key (positions kept in a log).
#include "kafka/partition_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "kafka/mock_cluster.h"
#include "kafka/producer.h"

namespace clicklog::kafka {
namespace {

class PartitionReading : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::create(1, {{"log", 3}});
    ASSERT_TRUE(cluster) << cluster.error().message;
    cluster_.emplace(std::move(*cluster));
    auto producer = Producer::create(cluster_->bootstrap_servers(), {}, 10'000);
    ASSERT_TRUE(producer) << producer.error().message;
    // Partition 0: v0..v4; partition 1: w0..w1; partition 2: nothing.
    for (int i = 0; i < 5; ++i)
      ASSERT_TRUE(producer->send("log", "k", "v" + std::to_string(i), {}, 0));
    for (int i = 0; i < 2; ++i)
      ASSERT_TRUE(producer->send("log", "k", "w" + std::to_string(i), {}, 1));
    ASSERT_TRUE(producer->flush(10'000));
  }

  std::map<int32_t, std::string> read_records(PartitionReader& reader, size_t want) {
    std::map<int32_t, std::string> seen;  // partition: values in order, joined
    size_t n = 0;
    ConsumedBatch batch;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (n < want && std::chrono::steady_clock::now() < deadline) {
      batch.clear();
      reader.poll_batch(batch, 100, 100);
      for (const Consumed& c : batch.items()) {
        if (c.kind != Consumed::Kind::kRecord) continue;
        seen[c.partition] += std::string(c.value);
        ++n;
      }
    }
    return seen;
  }

  std::optional<MockCluster> cluster_;
};

TEST_F(PartitionReading, ReadsChosenPartitionsFromChosenOffsets) {
  auto reader = PartitionReader::create(cluster_->bootstrap_servers(), {}, "log", 10'000);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(reader->partitions(), 3);
  auto ranges = reader->ranges(10'000);
  ASSERT_TRUE(ranges) << ranges.error().message;
  EXPECT_EQ((*ranges)[0].high, 5);
  EXPECT_EQ((*ranges)[1].high, 2);
  EXPECT_EQ((*ranges)[2].high, 0);
  ASSERT_TRUE(reader->assign({{0, 3}, {1, PartitionReader::kBeginning}}));
  EXPECT_EQ(read_records(*reader, 4), (std::map<int32_t, std::string>{{0, "v3v4"}, {1, "w0w1"}}));
}

TEST_F(PartitionReading, OnePartitionsRangeWhileReadingItsTail) {
  auto reader = PartitionReader::create(cluster_->bootstrap_servers(),
                                        {{"fetch.wait.max.ms", "50"}}, "log", 10'000);
  ASSERT_TRUE(reader) << reader.error().message;
  ASSERT_TRUE(reader->assign({{0, 4}}));
  EXPECT_EQ(read_records(*reader, 1), (std::map<int32_t, std::string>{{0, "v4"}}));
  auto producer = Producer::create(cluster_->bootstrap_servers(), {}, 10'000);
  ASSERT_TRUE(producer) << producer.error().message;
  ASSERT_TRUE(producer->send("log", "k", "v5", {}, 0));
  ASSERT_TRUE(producer->flush(10'000));
  auto range = reader->range(0, 10'000);  // asked with a fetch of the tail in flight
  ASSERT_TRUE(range) << range.error().message;
  EXPECT_EQ(range->low, 0);
  EXPECT_EQ(range->high, 6);
  auto empty = reader->range(2, 10'000);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(empty->high, 0);
  EXPECT_FALSE(reader->range(7, 500));  // no such partition
}

TEST_F(PartitionReading, LastValuesAreTheNewestRecordOfEachKeyAskedFor) {
  auto last = read_last_values(cluster_->bootstrap_servers(), {}, "log",
                               {{0, {"k"}}, {1, {"k2"}}, {2, {"k3"}}}, 10'000);
  ASSERT_TRUE(last) << last.error().message;
  // Partition 1 holds no "k2" and partition 2 nothing: only partition 0's key is answered.
  EXPECT_EQ(*last, (std::map<std::string, std::string>{{"k", "v4"}}));
}

TEST_F(PartitionReading, KeysSharingAPartitionAreFoundFarBackFromItsEnd) {
  auto producer = Producer::create(cluster_->bootstrap_servers(), {}, 10'000);
  ASSERT_TRUE(producer) << producer.error().message;
  // Partition 2: "old" once, then 300 records of "busy", as an idle input partition's last
  // partial lies behind a busy one's in a shared partials partition.
  ASSERT_TRUE(producer->send("log", "old", "o0", {}, 2));
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(producer->send("log", "busy", "b" + std::to_string(i), {}, 2));
  }
  ASSERT_TRUE(producer->flush(10'000));
  auto last = read_last_values(cluster_->bootstrap_servers(), {}, "log",
                               {{2, {"old", "busy", "never"}}}, 10'000);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(*last, (std::map<std::string, std::string>{{"old", "o0"}, {"busy", "b299"}}));
}

}  // namespace
}  // namespace clicklog::kafka
