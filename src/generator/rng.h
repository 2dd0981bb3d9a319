// Rng: the generator's random source, fully specified so a seed gives the same stream on every
// machine (std:: distributions are implementation-defined, so none are used anywhere here).
// xoshiro256** seeded through splitmix64; ranges by Lemire's multiply-shift with rejection.
#pragma once

#include <cstdint>

namespace clicklog::generator {

// One step of splitmix64: also a good 64-bit mixer for deriving sub-seeds.
constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = splitmix64(sm);  // never all zero: splitmix64 is a bijection
  }

  // A raw xoshiro256** state (not all zero), for checking against the reference test vectors.
  static Rng from_state(uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3) {
    Rng rng(0);
    rng.s_[0] = s0, rng.s_[1] = s1, rng.s_[2] = s2, rng.s_[3] = s3;
    return rng;
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n must be > 0. Unbiased: the rare draws in the short band are redrawn.
  uint64_t below(uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [lo, hi], both inclusive; lo <= hi.
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability p (0 <= p <= 1), compared on 53 bits so p maps exactly to a threshold.
  bool chance(double p) {
    return static_cast<double>(next() >> 11) < p * 9007199254740992.0;  // 2^53
  }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace clicklog::generator
