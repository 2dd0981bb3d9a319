#include "generator/permutation.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace clicklog::generator {
namespace {

TEST(Permutation, IsABijectionOfTheRange) {
  for (uint64_t n : {1u, 2u, 3u, 12u, 97u, 400u, 1000u, 4096u, 4097u, 100'000u}) {
    for (uint64_t key = 0; key < 3; ++key) {
      const Permutation p(n, key);
      std::vector<bool> hit(n);
      for (uint64_t x = 0; x < n; ++x) {
        const uint64_t y = p(x);
        ASSERT_LT(y, n);
        ASSERT_FALSE(hit[y]) << "n " << n << " x " << x;
        hit[y] = true;
      }
    }
  }
}

TEST(Permutation, ScattersNeighbours) {
  const Permutation p(100'000, 7);
  std::set<int64_t> gaps;
  for (uint64_t x = 0; x < 20; ++x) gaps.insert(int64_t(p(x + 1)) - int64_t(p(x)));
  EXPECT_GT(gaps.size(), 15u);  // no constant stride between consecutive ranks
  const Permutation huge(1ULL << 63, 7);
  EXPECT_LT(huge(12345), 1ULL << 63);
}

}  // namespace
}  // namespace clicklog::generator
