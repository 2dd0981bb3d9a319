// UserPopulation: draws the user who starts a session, a few users far more active than most
// (Zipf over activity ranks). Any population size fits in a bounded table: ranks past the first
// 4096 share cells whose width grows with the rank, drawn uniformly inside a cell.
#pragma once

#include <cstdint>
#include <vector>

#include "generator/alias_table.h"
#include "generator/permutation.h"
#include "generator/rng.h"

namespace clicklog::generator {

class UserPopulation {
 public:
  // users >= 1. Like the Catalogue, independent of the seed: the same users are the busy ones.
  UserPopulation(int64_t users, double exponent);

  // A user id in 1..users. Activity rank maps to id by a fixed shuffle, so the busiest users
  // are spread over the id range rather than being 1, 2, 3.
  int64_t pick(Rng& rng) const {
    const Cell& cell = cells_[table_.sample(rng)];
    const uint64_t rank = cell.first_rank + (cell.width > 1 ? rng.below(cell.width) : 0);
    return static_cast<int64_t>(id_of_rank_(rank)) + 1;
  }

  size_t cell_count() const { return cells_.size(); }

 private:
  struct Cell {
    uint64_t first_rank;  // 0-based
    uint64_t width;
  };
  static std::vector<Cell> make_cells(uint64_t users);
  static std::vector<uint64_t> cell_weights(const std::vector<Cell>& cells, double exponent);

  std::vector<Cell> cells_;
  AliasTable table_;
  Permutation id_of_rank_;
};

}  // namespace clicklog::generator
