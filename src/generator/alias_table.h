// AliasTable: O(1) sampling from a fixed discrete distribution (Walker/Vose alias method).
// Built in integer arithmetic, so the table, and thus every draw, is identical on every machine.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "generator/rng.h"

namespace clicklog::generator {

class AliasTable {
 public:
  // One bucket per weight; outcome i has probability weights[i] / sum(weights). At least one
  // weight must be positive, and sum * size must fit in 64 bits (std::invalid_argument if not).
  explicit AliasTable(std::span<const uint64_t> weights);

  uint32_t sample(Rng& rng) const {
    const Cell& cell = cells_[rng.below(cells_.size())];
    return rng.below(total_) < cell.keep ? cell.self : cell.alias;
  }

  size_t size() const { return cells_.size(); }

  // A bucket keeps its own outcome for draws below `keep` out of total(), else gives `alias`.
  struct Cell {
    uint64_t keep;
    uint32_t self;
    uint32_t alias;
  };
  const std::vector<Cell>& cells() const { return cells_; }
  uint64_t total() const { return total_; }

 private:
  std::vector<Cell> cells_;
  uint64_t total_ = 0;
};

// Zipf-like weights for ranks 1..n: weight(r) = r^-exponent, as quantize_weights integers.
// Computed with +,-,*,/ only (no libm approximations), so bit-identical everywhere.
std::vector<uint64_t> zipf_weights(uint32_t n, double exponent);

// x^y for x > 0 from basic IEEE operations only (libm's pow may differ in the last bit between
// platforms). Accurate to a few ulps, which is all popularity weights need.
double portable_pow(double x, double y);

// Scales positive doubles to integers summing to at most 2^62 / n + n (so an AliasTable can hold
// them), none below 1.
std::vector<uint64_t> quantize_weights(std::span<const double> weights);

}  // namespace clicklog::generator
