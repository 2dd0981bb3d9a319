// The real place names the generator draws destinations from: cities, regions, islands and
// countries as lowercase ASCII slugs, roughly in order of real-world travel popularity.
#pragma once

#include <span>
#include <string_view>

namespace clicklog::generator {

std::span<const std::string_view> place_names();

}  // namespace clicklog::generator
