#include "generator/user_population.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace clicklog::generator {
namespace {

TEST(UserPopulation, SmallPopulationsReachEveryUser) {
  for (int64_t users : {1, 2, 3, 50}) {
    const UserPopulation population(users, 0.8);
    Rng rng(4);
    std::vector<int> counts(users + 1);
    for (int i = 0; i < 20'000; ++i) {
      const int64_t u = population.pick(rng);
      ASSERT_GE(u, 1);
      ASSERT_LE(u, users);
      ++counts[u];
    }
    EXPECT_EQ(std::count(counts.begin() + 1, counts.end(), 0), 0) << users << " users";
  }
}

TEST(UserPopulation, SomeUsersAreFarMoreActive) {
  const int64_t users = 100'000;
  const UserPopulation population(users, 0.8);
  Rng rng(5);
  std::map<int64_t, int> counts;
  const int draws = 200'000;
  for (int i = 0; i < draws; ++i) ++counts[population.pick(rng)];
  std::vector<int> sorted;
  for (auto& [user, n] : counts) sorted.push_back(n);
  std::sort(sorted.rbegin(), sorted.rend());
  // Zipf 0.8 over 1e5 ranks gives the top user about 2% of sessions; uniform would be 0.001%.
  EXPECT_GT(sorted[0], draws / 100);
  EXPECT_GT(sorted[0], 50 * sorted[sorted.size() / 2]);
  // The busiest users are not simply the lowest ids.
  const auto busiest = std::max_element(counts.begin(), counts.end(),
                                        [](auto& a, auto& b) { return a.second < b.second; });
  EXPECT_GT(busiest->first, 10);
}

TEST(UserPopulation, HugePopulationsKeepABoundedTable) {
  const UserPopulation population(1'000'000'000'000LL, 0.8);
  EXPECT_LT(population.cell_count(), 100'000u);
  Rng rng(6);
  int64_t max_seen = 0;
  for (int i = 0; i < 10'000; ++i) {
    const int64_t u = population.pick(rng);
    ASSERT_GE(u, 1);
    ASSERT_LE(u, 1'000'000'000'000LL);
    max_seen = std::max(max_seen, u);
  }
  EXPECT_GT(max_seen, 1'000'000'000LL);  // ids spread over the range
}

}  // namespace
}  // namespace clicklog::generator
