#include "generator/catalogue.h"

#include <algorithm>
#include <map>

#include "generator/places.h"

namespace clicklog::generator {

std::string destination_name(uint32_t index) {
  const auto places = place_names();
  const std::string_view base = places[index % places.size()];
  const uint32_t round = index / static_cast<uint32_t>(places.size());
  if (round == 0) return std::string(base);
  return std::string(base) + "-" + std::to_string(round + 1);
}

namespace {

std::vector<uint64_t> destination_weights(const Config& config) {
  return zipf_weights(static_cast<uint32_t>(config.destinations), config.destination_zipf);
}

uint32_t hotels_for_rank(const Config& config, uint32_t rank) {
  const double hotels = config.max_hotels * portable_pow(rank, -0.5);
  return static_cast<uint32_t>(
      std::clamp(static_cast<int>(hotels + 0.5), config.min_hotels, config.max_hotels));
}

}  // namespace

Catalogue::Catalogue(const Config& config) : destination_table_(destination_weights(config)) {
  std::map<uint32_t, uint32_t> table_of_size;
  destinations_.reserve(config.destinations);
  for (uint32_t d = 0; d < static_cast<uint32_t>(config.destinations); ++d) {
    const uint32_t hotels = hotels_for_rank(config, d + 1);
    auto [it, added] = table_of_size.try_emplace(hotels, hotel_tables_.size());
    if (added) hotel_tables_.emplace_back(zipf_weights(hotels, config.hotel_zipf));
    const Permutation hotel_of_rank(hotels, 0x407E'1500'0000'0000ULL + d);
    destinations_.push_back({destination_name(d), hotels, it->second, hotel_of_rank});
  }
}

uint32_t Catalogue::pick_hotel(Rng& rng, uint32_t destination) const {
  const Destination& d = destinations_[destination];
  return static_cast<uint32_t>(d.hotel_of_rank(hotel_tables_[d.table].sample(rng))) + 1;
}

void Catalogue::hotel_id(uint32_t destination, uint32_t hotel, std::string& out) const {
  out.assign("h-");
  out.append(destinations_[destination].name);
  char digits[5] = {'-', static_cast<char>('0' + hotel / 1000 % 10),
                    static_cast<char>('0' + hotel / 100 % 10),
                    static_cast<char>('0' + hotel / 10 % 10), static_cast<char>('0' + hotel % 10)};
  out.append(digits, sizeof digits);
}

}  // namespace clicklog::generator
