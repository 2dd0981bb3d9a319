#include "generator/permutation.h"

#include <bit>

#include "generator/rng.h"

namespace clicklog::generator {

Permutation::Permutation(uint64_t n, uint64_t key) : n_(n) {
  if (n <= 1) return;
  const unsigned bits = static_cast<unsigned>(std::bit_width(n - 1));
  half_bits_ = (bits + 1) / 2;
  half_mask_ = (1ULL << half_bits_) - 1;  // half_bits_ <= 32
  for (uint64_t& k : round_keys_) k = splitmix64(key);
}

uint64_t Permutation::feistel(uint64_t x) const {
  uint64_t left = x >> half_bits_, right = x & half_mask_;
  for (uint64_t k : round_keys_) {
    uint64_t mix = right ^ k;
    const uint64_t f = splitmix64(mix) & half_mask_;
    const uint64_t next_right = left ^ f;
    left = right;
    right = next_right;
  }
  return (left << half_bits_) | right;
}

}  // namespace clicklog::generator
