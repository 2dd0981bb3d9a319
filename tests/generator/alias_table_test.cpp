#include "generator/alias_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace clicklog::generator {
namespace {

// Mass each outcome receives from the table, in units where bucket b holds total().
std::vector<unsigned __int128> masses(const AliasTable& table) {
  std::vector<unsigned __int128> mass(table.size());
  for (const AliasTable::Cell& c : table.cells()) {
    mass[c.self] += c.keep;
    mass[c.alias] += table.total() - c.keep;
  }
  return mass;
}

TEST(AliasTable, HoldsExactlyTheGivenDistribution) {
  Rng rng(3);
  for (int round = 0; round < 50; ++round) {
    std::vector<uint64_t> weights(1 + rng.below(300));
    for (uint64_t& w : weights) w = rng.chance(0.1) ? 0 : rng.below(1'000'000);
    weights[rng.below(weights.size())] += 1;  // at least one positive
    const AliasTable table(weights);
    const auto mass = masses(table);
    for (size_t i = 0; i < weights.size(); ++i) {
      ASSERT_EQ(mass[i], static_cast<unsigned __int128>(weights[i]) * weights.size())
          << "round " << round << " outcome " << i;
    }
  }
}

TEST(AliasTable, SamplesFollowTheWeights) {
  const std::vector<uint64_t> weights = {1, 2, 3, 4, 0, 10};
  const AliasTable table(weights);
  Rng rng(5);
  std::vector<int> counts(weights.size());
  const int draws = 200'000;
  for (int i = 0; i < draws; ++i) ++counts[table.sample(rng)];
  EXPECT_EQ(counts[4], 0);
  for (size_t i = 0; i < weights.size(); ++i) {
    const double expected = draws * weights[i] / 20.0;
    EXPECT_NEAR(counts[i], expected, 0.05 * expected + 1) << "outcome " << i;
  }
}

TEST(AliasTable, RejectsUnusableWeights) {
  EXPECT_THROW(AliasTable(std::vector<uint64_t>{}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<uint64_t>{0, 0}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<uint64_t>{UINT64_MAX / 2, UINT64_MAX / 2}),
               std::invalid_argument);
}

TEST(PortablePow, AgreesWithLibmToAFewUlps) {
  for (double x : {1.0, 1.5, 2.0, 3.0, 10.0, 123.456, 4096.0, 1e6, 1e9, 1e15}) {
    for (double y : {-2.0, -1.0, -0.8, -0.5, 0.0, 0.3, 1.0, 2.5}) {
      const double want = std::pow(x, y);
      EXPECT_NEAR(portable_pow(x, y), want, 1e-13 * want) << x << "^" << y;
    }
  }
}

TEST(ZipfWeights, FallWithRankAsAPowerLaw) {
  const auto w = zipf_weights(1000, 1.0);
  ASSERT_EQ(w.size(), 1000u);
  for (size_t i = 1; i < w.size(); ++i) ASSERT_LE(w[i], w[i - 1]);
  EXPECT_NEAR(static_cast<double>(w[0]) / w[1], 2.0, 1e-9);
  EXPECT_NEAR(static_cast<double>(w[0]) / w[999], 1000.0, 1e-6);
  const auto flat = zipf_weights(10, 0.0);
  for (uint64_t x : flat) EXPECT_EQ(x, flat[0]);
  AliasTable big(zipf_weights(1'000'000, 1.2));  // must fit the table's 64-bit budget
  EXPECT_EQ(big.size(), 1'000'000u);
}

}  // namespace
}  // namespace clicklog::generator
