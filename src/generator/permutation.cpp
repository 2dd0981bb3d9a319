#include "generator/permutation.h"

#include <bit>
#include <utility>

#include "generator/rng.h"

namespace clicklog::generator {

Permutation::Permutation(uint64_t n, uint64_t key) : n_(n) {
  if (n <= 1) return;
  const unsigned bits = static_cast<unsigned>(std::bit_width(n - 1));  // <= 64
  low_bits_ = bits / 2;
  high_bits_ = bits - low_bits_;
  for (uint64_t& k : round_keys_) k = splitmix64(key);
}

namespace {
constexpr uint64_t mask(unsigned bits) {
  return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}
}  // namespace

// Each round maps (high, low) to (low, high ^ F(low)); the halves may differ by a bit, so
// their widths swap every round and are back in place after the fourth.
uint64_t Permutation::feistel(uint64_t x) const {
  unsigned high_bits = high_bits_, low_bits = low_bits_;
  uint64_t high = x >> low_bits, low = x & mask(low_bits);
  for (uint64_t k : round_keys_) {
    uint64_t mix = low ^ k;
    const uint64_t next_low = high ^ (splitmix64(mix) & mask(high_bits));
    high = low;
    low = next_low;
    std::swap(high_bits, low_bits);
  }
  return (high << low_bits) | low;
}

}  // namespace clicklog::generator
