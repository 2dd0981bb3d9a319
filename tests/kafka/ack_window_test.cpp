#include "kafka/ack_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <vector>

namespace clicklog::kafka {
namespace {

TEST(AckWindow, InOrderAcknowledgementsMoveThePrefixAtOnce) {
  AckWindow w;
  EXPECT_EQ(w.prefix(), 0u);
  for (uint64_t i = 0; i < 5; ++i) w.ack(i);
  EXPECT_EQ(w.prefix(), 5u);
  EXPECT_EQ(w.ahead(), 0u);
}

TEST(AckWindow, AGapHoldsThePrefixUntilItFills) {
  AckWindow w;
  w.ack(1);
  w.ack(2);
  w.ack(4);
  EXPECT_EQ(w.prefix(), 0u);
  EXPECT_EQ(w.ahead(), 3u);
  w.ack(0);
  EXPECT_EQ(w.prefix(), 3u);
  EXPECT_EQ(w.ahead(), 1u);
  w.ack(3);
  EXPECT_EQ(w.prefix(), 5u);
  EXPECT_EQ(w.ahead(), 0u);
}

TEST(AckWindow, RepeatsAndNumbersBelowThePrefixChangeNothing) {
  AckWindow w;
  w.ack(0);
  w.ack(0);
  w.ack(2);
  w.ack(2);
  EXPECT_EQ(w.prefix(), 1u);
  EXPECT_EQ(w.ahead(), 1u);
}

// Against the obvious model (a set of numbers acknowledged), over random interleavings of
// per-partition orders, as a producer's delivery reports come.
TEST(AckWindow, AgreesWithASetOverInterleavedPartitions) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 50; ++round) {
    const int partitions = 1 + static_cast<int>(rng() % 16);
    const uint64_t n = 1 + rng() % 2000;
    std::vector<std::vector<uint64_t>> queues(partitions);
    for (uint64_t seq = 0; seq < n; ++seq) queues[rng() % partitions].push_back(seq);
    std::vector<size_t> next(partitions, 0);
    AckWindow w;
    std::set<uint64_t> model;
    uint64_t model_prefix = 0;
    for (uint64_t done = 0; done < n;) {
      const auto p = rng() % partitions;
      if (next[p] == queues[p].size()) continue;
      const uint64_t seq = queues[p][next[p]++];
      ++done;
      w.ack(seq);
      model.insert(seq);
      while (model.count(model_prefix)) ++model_prefix;
      ASSERT_EQ(w.prefix(), model_prefix) << "round " << round << " after " << seq;
      ASSERT_EQ(w.ahead(), model.size() - model_prefix);
    }
    EXPECT_EQ(w.prefix(), n);
  }
}

}  // namespace
}  // namespace clicklog::kafka
