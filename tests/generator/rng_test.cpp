#include "generator/rng.h"

#include <gtest/gtest.h>

#include <vector>

namespace clicklog::generator {
namespace {

TEST(Rng, SplitMix64MatchesReference) {
  uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
}

TEST(Rng, Xoshiro256StarStarMatchesReference) {
  Rng rng = Rng::from_state(1, 2, 3, 4);
  EXPECT_EQ(rng.next(), 11520u);
  EXPECT_EQ(rng.next(), 0u);
  EXPECT_EQ(rng.next(), 1509978240u);
  EXPECT_EQ(rng.next(), 1215971899390074240u);
}

TEST(Rng, SameSeedSameStreamOtherSeedOtherStream) {
  Rng a(42), b(42), c(43);
  int same_as_c = 0;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = a.next();
    ASSERT_EQ(x, b.next());
    same_as_c += x == c.next();
  }
  EXPECT_EQ(same_as_c, 0);
}

TEST(Rng, BelowStaysInRangeAndIsUniform) {
  Rng rng(7);
  std::vector<int> counts(6);
  for (int i = 0; i < 60'000; ++i) {
    const uint64_t x = rng.below(6);
    ASSERT_LT(x, 6u);
    ++counts[x];
  }
  for (int c : counts) {
    EXPECT_GT(c, 9'500);
    EXPECT_LT(c, 10'500);
  }
  for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.below(1), 0u);
  const uint64_t huge = (1ULL << 63) + 1;  // about half the raw draws are rejected and redrawn
  for (int i = 0; i < 1000; ++i) ASSERT_LT(rng.below(huge), huge);
}

TEST(Rng, BetweenIsInclusive) {
  Rng rng(9);
  bool saw_lo = false, saw_hi = false;
  for (int i = 0; i < 1000; ++i) {
    const int64_t x = rng.between(-2, 2);
    ASSERT_GE(x, -2);
    ASSERT_LE(x, 2);
    saw_lo |= x == -2;
    saw_hi |= x == 2;
  }
  EXPECT_TRUE(saw_lo && saw_hi);
}

TEST(Rng, ChanceHonoursItsProbability) {
  Rng rng(11);
  int zero = 0, one = 0, quarter = 0;
  for (int i = 0; i < 40'000; ++i) {
    zero += rng.chance(0.0);
    one += rng.chance(1.0);
    quarter += rng.chance(0.25);
  }
  EXPECT_EQ(zero, 0);
  EXPECT_EQ(one, 40'000);
  EXPECT_GT(quarter, 9'500);
  EXPECT_LT(quarter, 10'500);
}

}  // namespace
}  // namespace clicklog::generator
