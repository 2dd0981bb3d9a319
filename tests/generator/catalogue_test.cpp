#include "generator/catalogue.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "generator/places.h"

namespace clicklog::generator {
namespace {

const std::regex kSlug("[a-z]+(-[a-z]+)*");

TEST(Places, AreAFewHundredUniqueSlugs) {
  const auto places = place_names();
  EXPECT_GE(places.size(), 300u);
  std::set<std::string_view> unique(places.begin(), places.end());
  EXPECT_EQ(unique.size(), places.size());
  for (std::string_view p : places) EXPECT_TRUE(std::regex_match(std::string(p), kSlug)) << p;
  EXPECT_TRUE(unique.contains("paris") && unique.contains("new-york") && unique.contains("bali") &&
              unique.contains("tuscany") && unique.contains("japan"));
}

TEST(Catalogue, NamesAreRealFirstThenNumberedAndAllDistinct) {
  Config config;
  config.destinations = 2000;  // past the list: numbered variants
  const Catalogue catalogue(config);
  ASSERT_EQ(catalogue.size(), 2000u);
  EXPECT_EQ(catalogue.name(0), "paris");
  const size_t real = place_names().size();
  EXPECT_EQ(catalogue.name(real), "paris-2");
  EXPECT_EQ(catalogue.name(2 * real + 1), std::string(place_names()[1]) + "-3");
  std::set<std::string_view> names;
  for (uint32_t d = 0; d < catalogue.size(); ++d) names.insert(catalogue.name(d));
  EXPECT_EQ(names.size(), 2000u);
}

TEST(Catalogue, PopularDestinationsHaveMoreHotels) {
  const Config config;
  const Catalogue catalogue(config);
  EXPECT_EQ(catalogue.hotel_count(0), static_cast<uint32_t>(config.max_hotels));
  for (uint32_t d = 1; d < catalogue.size(); ++d) {
    ASSERT_LE(catalogue.hotel_count(d), catalogue.hotel_count(d - 1));
    ASSERT_GE(catalogue.hotel_count(d), static_cast<uint32_t>(config.min_hotels));
  }
  EXPECT_LT(catalogue.hotel_count(catalogue.size() - 1), 100u);  // tens for the long tail
}

TEST(Catalogue, HotelIdsNameTheirDestination) {
  const Catalogue catalogue(Config{});
  std::string id;
  catalogue.hotel_id(0, 17, id);
  EXPECT_EQ(id, "h-paris-0017");
  catalogue.hotel_id(2, 400, id);
  EXPECT_EQ(id, "h-new-york-0400");
}

TEST(Catalogue, HotelPopularityIsSkewedAndCoversTheRange) {
  const Catalogue catalogue(Config{});
  const uint32_t d = 0, hotels = catalogue.hotel_count(d);
  Rng rng(1);
  std::vector<int> counts(hotels + 1);
  const int draws = 100'000;
  for (int i = 0; i < draws; ++i) {
    const uint32_t h = catalogue.pick_hotel(rng, d);
    ASSERT_GE(h, 1u);
    ASSERT_LE(h, hotels);
    ++counts[h];
  }
  const int top = *std::max_element(counts.begin(), counts.end());
  EXPECT_GT(top, 10 * draws / static_cast<int>(hotels));  // far above a uniform share
  EXPECT_GT(std::count_if(counts.begin() + 1, counts.end(), [](int c) { return c > 0; }),
            static_cast<long>(hotels * 9 / 10));
  EXPECT_NE(std::max_element(counts.begin(), counts.end()) - counts.begin(), 1)
      << "popularity rank should not be hotel number order";
}

TEST(Catalogue, DestinationPopularityFollowsRank) {
  const Catalogue catalogue(Config{});
  Rng rng(2);
  std::vector<int> counts(catalogue.size());
  for (int i = 0; i < 100'000; ++i) ++counts[catalogue.pick_destination(rng)];
  EXPECT_GT(counts[0], counts[1]);
  EXPECT_GT(counts[1], counts[10]);
  EXPECT_GT(counts[10], counts[400]);
}

}  // namespace
}  // namespace clicklog::generator
