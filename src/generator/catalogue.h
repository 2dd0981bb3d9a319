// Catalogue: the fixed world the generator's users browse — destinations ranked by popularity,
// each with its own hotels ("h-paris-0017") and hotel popularity. It depends only on the sizes
// and exponents in Config, not on the seed: "paris" and its favourite hotel are the same in
// every run, as in the real world.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generator/alias_table.h"
#include "generator/config.h"
#include "generator/permutation.h"
#include "generator/rng.h"

namespace clicklog::generator {

class Catalogue {
 public:
  explicit Catalogue(const Config& config);

  uint32_t size() const { return static_cast<uint32_t>(destinations_.size()); }
  // Index 0 is the most popular destination.
  std::string_view name(uint32_t destination) const { return destinations_[destination].name; }
  uint32_t hotel_count(uint32_t destination) const { return destinations_[destination].hotels; }

  uint32_t pick_destination(Rng& rng) const { return destination_table_.sample(rng); }
  // A hotel number in 1..hotel_count, popular ones more often (popularity is not number order).
  uint32_t pick_hotel(Rng& rng, uint32_t destination) const;
  // Replaces `out` with the hotel's id, "h-<destination>-<4 digits>".
  void hotel_id(uint32_t destination, uint32_t hotel, std::string& out) const;

 private:
  struct Destination {
    std::string name;
    uint32_t hotels;
    uint32_t table;             // index into hotel_tables_ (shared by equal hotel counts)
    Permutation hotel_of_rank;  // popularity rank -> hotel number - 1
  };
  std::vector<Destination> destinations_;
  AliasTable destination_table_;
  std::vector<AliasTable> hotel_tables_;
};

// The name of the destination of popularity rank `index` (0-based): the real place names in
// order, then "<place>-2", "<place>-3", ... once they run out.
std::string destination_name(uint32_t index);

}  // namespace clicklog::generator
