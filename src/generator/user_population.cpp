#include "generator/user_population.h"

namespace clicklog::generator {

namespace {
// Ranks below this each get a cell; past it a cell spans about 1/kExactRanks of its rank, so the
// weight varies by under 0.1% inside a cell.
constexpr uint64_t kExactRanks = 4096;
}  // namespace

std::vector<UserPopulation::Cell> UserPopulation::make_cells(uint64_t users) {
  std::vector<Cell> cells;
  for (uint64_t first = 0; first < users;) {
    uint64_t width = first < kExactRanks ? 1 : (first + kExactRanks - 1) / kExactRanks;
    if (width > users - first) width = users - first;
    cells.push_back({first, width});
    first += width;
  }
  return cells;
}

std::vector<uint64_t> UserPopulation::cell_weights(const std::vector<Cell>& cells,
                                                   double exponent) {
  std::vector<double> weights;
  weights.reserve(cells.size());
  for (const Cell& c : cells) {
    const double middle_rank =
        1 + static_cast<double>(c.first_rank) + static_cast<double>(c.width - 1) / 2;  // 1-based
    weights.push_back(static_cast<double>(c.width) * portable_pow(middle_rank, -exponent));
  }
  return quantize_weights(weights);
}

UserPopulation::UserPopulation(int64_t users, double exponent)
    : cells_(make_cells(static_cast<uint64_t>(users))),
      table_(cell_weights(cells_, exponent)),
      id_of_rank_(static_cast<uint64_t>(users), 0x05E2'0000'0000'0001ULL) {}

}  // namespace clicklog::generator
