// Permutation: a keyed shuffle of [0, n) computed per element, for any n up to 2^63, so
// popularity ranks map to ids that look arbitrary (a busy user is not user 1, nor spaced from
// the next busiest by a constant). A 4-round (unbalanced) Feistel network on the smallest
// power of two holding n, walked again while the result falls outside [0, n): under 2 rounds
// of walking on average.
#pragma once

#include <cstdint>

namespace clicklog::generator {

class Permutation {
 public:
  Permutation(uint64_t n, uint64_t key);

  // The image of x, for x < n; distinct x give distinct images.
  uint64_t operator()(uint64_t x) const {
    if (n_ <= 1) return 0;
    do x = feistel(x);
    while (x >= n_);
    return x;
  }

 private:
  uint64_t feistel(uint64_t x) const;

  uint64_t n_;
  unsigned low_bits_ = 0;  // the domain is 2^(high_bits_ + low_bits_)
  unsigned high_bits_ = 0;
  uint64_t round_keys_[4] = {};
};

}  // namespace clicklog::generator
