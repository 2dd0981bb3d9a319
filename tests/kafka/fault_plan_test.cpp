#include "kafka/fault_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace clicklog::kafka {
namespace {

FaultPlanConfig config(int brokers, uint64_t seed = 7) {
  FaultPlanConfig c;
  c.brokers = brokers;
  c.topics = {"clicklog", "clicklog-dlq"};
  c.partitions = 32;
  c.every_ms = 1000;
  c.for_ms = 200'000;
  c.seed = seed;
  return c;
}

std::vector<Fault> all(FaultPlan plan) {
  std::vector<Fault> out;
  while (auto f = plan.next()) out.push_back(*f);
  return out;
}

bool same(const Fault& a, const Fault& b) {
  return a.at_ms == b.at_ms && a.until_ms == b.until_ms && a.kind == b.kind &&
         a.broker == b.broker && a.topic == b.topic && a.partition == b.partition &&
         a.api_key == b.api_key && a.error == b.error && a.count == b.count && a.rtt_ms == b.rtt_ms;
}

TEST(FaultPlan, OffByDefaultAndEndsAtFaultsFor) {
  FaultPlanConfig off = config(3);
  off.every_ms = 0;
  EXPECT_FALSE(FaultPlan(off).next());
  const auto faults = all(FaultPlan(config(3)));
  ASSERT_EQ(faults.size(), 199u);  // at 1 s, 2 s, ... 199 s; none at or after 200 s
  for (size_t i = 0; i < faults.size(); ++i)
    EXPECT_EQ(faults[i].at_ms, 1000 * static_cast<int64_t>(i + 1));
}

TEST(FaultPlan, SameSeedSameFaultsOtherSeedOtherFaults) {
  const auto a = all(FaultPlan(config(3, 1))), b = all(FaultPlan(config(3, 1)));
  const auto c = all(FaultPlan(config(3, 2)));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same(a[i], b[i])) << i;
  size_t differ = 0;
  for (size_t i = 0; i < a.size(); ++i) differ += !same(a[i], c[i]);
  EXPECT_GT(differ, a.size() / 2);
}

TEST(FaultPlan, EveryKindInEachEarlyRoundOnThreeBrokers) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    FaultPlan plan(config(3, seed));
    std::set<FaultKind> first_round;
    for (int i = 0; i < kFaultKinds; ++i) first_round.insert(plan.next()->kind);
    // The first round starts on a healthy cluster, so nothing forbids any kind.
    EXPECT_EQ(first_round.size(), static_cast<size_t>(kFaultKinds)) << "seed " << seed;
  }
}

TEST(FaultPlan, NeverAllBrokersDownAndNeverOneTwice) {
  for (int brokers : {2, 3}) {
    for (uint64_t seed = 1; seed <= 50; ++seed) {
      const auto faults = all(FaultPlan(config(brokers, seed)));
      std::map<int32_t, int64_t> down_until;
      for (const auto& f : faults) {
        if (f.kind != FaultKind::kBrokerDown) continue;
        ASSERT_GE(f.broker, 1);
        ASSERT_LE(f.broker, brokers);
        EXPECT_LE(down_until[f.broker], f.at_ms) << "broker " << f.broker << " already down";
        EXPECT_GT(f.until_ms, f.at_ms);
        down_until[f.broker] = f.until_ms;
        int down = 0;
        for (const auto& [b, until] : down_until) down += until > f.at_ms;
        EXPECT_LT(down, brokers) << "seed " << seed << " at " << f.at_ms;
      }
      EXPECT_FALSE(down_until.empty());
    }
  }
}

TEST(FaultPlan, LeaderMovesAfterAGapToAnUpBrokerOfAKnownPartition) {
  const auto faults = all(FaultPlan(config(3, 11)));
  std::map<int32_t, int64_t> down_until;
  int moves = 0;
  for (const auto& f : faults) {
    if (f.kind == FaultKind::kBrokerDown) down_until[f.broker] = f.until_ms;
    if (f.kind != FaultKind::kLeaderMove) continue;
    ++moves;
    EXPECT_TRUE(f.topic == "clicklog" || f.topic == "clicklog-dlq");
    EXPECT_GE(f.partition, 0);
    EXPECT_LT(f.partition, 32);
    EXPECT_GE(f.until_ms, f.at_ms + kLeaderlessMinMs) << "no leaderless gap";
    EXPECT_LE(f.until_ms, f.at_ms + kLeaderlessMinMs + 1000);
    EXPECT_LE(down_until[f.broker], f.until_ms) << "new leader " << f.broker << " is down";
  }
  EXPECT_GT(moves, 20);
}

// A second move of a partition before the first has ended would let the first one's end give
// it a leader in the middle of the second's gap.
TEST(FaultPlan, APartitionMovesAgainOnlyOnceItHasALeader) {
  FaultPlanConfig c = config(3, 3);
  c.topics = {"clicklog"};
  c.partitions = 2;
  c.every_ms = 300;  // far shorter than a gap: both partitions are often between leaders
  c.only = {FaultKind::kLeaderMove, FaultKind::kRequestErrors};
  std::map<int32_t, int64_t> moving_until;
  int moves = 0;
  for (const auto& f : all(FaultPlan(c))) {
    if (f.kind != FaultKind::kLeaderMove) continue;
    ++moves;
    EXPECT_LE(moving_until[f.partition], f.at_ms)
        << "partition " << f.partition << " at " << f.at_ms;
    moving_until[f.partition] = f.until_ms;
  }
  EXPECT_GT(moves, 100);
}

TEST(FaultPlan, OneBrokerHasNoLeaderMovesAndGoesDownAlone) {
  const auto faults = all(FaultPlan(config(1)));
  int64_t down_until = 0;
  std::set<FaultKind> kinds;
  for (const auto& f : faults) {
    kinds.insert(f.kind);
    EXPECT_NE(f.kind, FaultKind::kLeaderMove);
    if (f.kind == FaultKind::kBrokerDown) {
      EXPECT_EQ(f.broker, 1);
      EXPECT_LE(down_until, f.at_ms);
      down_until = f.until_ms;
    }
  }
  EXPECT_EQ(kinds.size(), 3u);
}

// Never Produce: see kApiErrors in fault_plan.cpp for why the mock cannot take those exactly.
TEST(FaultPlan, RequestErrorsAreRetriableOnesAndNoProduceErrors) {
  const std::set<std::pair<int16_t, int>> allowed = {
      {api::kFetch, kerr::kNotLeader},
      {api::kOffsetCommit, kerr::kCoordinatorNotAvailable},
      {api::kOffsetCommit, kerr::kNotCoordinator},
      {api::kHeartbeat, kerr::kCoordinatorNotAvailable},
      {api::kHeartbeat, kerr::kNotCoordinator},
      {api::kHeartbeat, kerr::kRebalanceInProgress}};
  std::set<std::pair<int16_t, int>> seen;
  for (const auto& f : all(FaultPlan(config(3, 5)))) {
    if (f.kind != FaultKind::kRequestErrors) continue;
    EXPECT_TRUE(allowed.count({f.api_key, f.error})) << f.api_key << " " << f.error;
    EXPECT_GE(f.count, 1);
    EXPECT_LE(f.count, 5);
    seen.insert({f.api_key, f.error});
  }
  EXPECT_EQ(seen, allowed);  // 50 bursts cover all six
}

TEST(FaultPlan, LatencyIsBoundedAndOnePerBroker) {
  std::map<int32_t, int64_t> slow_until;
  for (const auto& f : all(FaultPlan(config(2, 9)))) {
    if (f.kind != FaultKind::kLatency) continue;
    EXPECT_GE(f.rtt_ms, 50);
    EXPECT_LE(f.rtt_ms, 500);
    EXPECT_GE(f.until_ms - f.at_ms, 1000);
    EXPECT_LE(f.until_ms - f.at_ms, 3000);
    EXPECT_LE(slow_until[f.broker], f.at_ms);
    slow_until[f.broker] = f.until_ms;
  }
}

TEST(FaultPlan, OnlyTheChosenKinds) {
  for (const auto& only :
       std::vector<std::vector<FaultKind>>{{FaultKind::kLatency},
                                           {FaultKind::kBrokerDown, FaultKind::kLeaderMove},
                                           {FaultKind::kBrokerDown}}) {
    FaultPlanConfig c = config(3);
    c.only = only;
    std::set<FaultKind> seen;
    for (const auto& f : all(FaultPlan(c))) seen.insert(f.kind);
    EXPECT_EQ(seen, std::set<FaultKind>(only.begin(), only.end()));
  }
  EXPECT_EQ(parse_fault_kind("leader-move"), FaultKind::kLeaderMove);
  EXPECT_EQ(parse_fault_kind("nap"), std::nullopt);
}

}  // namespace
}  // namespace clicklog::kafka
