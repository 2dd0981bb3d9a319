// The streaming state and the sorted reducer against the naive recount, on random click
// streams built to hit the hard cases: few users and hotels (so first and second collide
// often), a handful of distinct milliseconds around UTC midnight (ties broken by partition and
// offset, days split), replayed records, any arrival order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "hotel/second_hotel_state.h"
#include "hotel/sorted_reducer.h"
#include "naive_second_hotel.h"

namespace clicklog::hotel {
namespace {

using testing::Click;
using testing::naive_second_hotel;

constexpr int64_t kMidnight = 20'784 * kDayMs;  // 2026-11-27T00:00:00Z

std::vector<Click> random_stream(std::mt19937_64& rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int users = static_cast<int>(pick(1, 12));
  const int hotels = static_cast<int>(pick(1, 4));
  const int partitions = static_cast<int>(pick(1, 4));
  const int64_t spread = pick(0, 1) ? 3 : 40;  // ms either side of midnight: many ties or fewer
  std::vector<int64_t> next_offset(partitions, 0);
  std::vector<Click> clicks;
  const int records = static_cast<int>(pick(0, 80));
  for (int i = 0; i < records; ++i) {
    const auto p = static_cast<int32_t>(pick(0, partitions - 1));
    clicks.push_back({pick(-3, users - 4), kMidnight + pick(-spread, spread), p,
                      next_offset[p] += pick(1, 3), "h-" + std::to_string(pick(1, hotels))});
  }
  // At-least-once delivery: some records come again, unchanged.
  const int replays = static_cast<int>(pick(0, records));
  for (int i = 0; i < replays && !clicks.empty(); ++i) {
    clicks.push_back(clicks[static_cast<size_t>(pick(0, static_cast<int64_t>(clicks.size()) - 1))]);
  }
  std::shuffle(clicks.begin(), clicks.end(), rng);
  return clicks;
}

std::set<int32_t> days_of(const std::vector<Click>& clicks) {
  std::set<int32_t> days;
  for (const Click& c : clicks) days.insert(utc_day(c.time_ms));
  return days;
}

// The clicks of one day, replays dropped, in the stores' order: (user, time, partition, offset).
std::vector<Click> sorted_day(const std::vector<Click>& clicks, int32_t day) {
  std::vector<Click> out;
  std::set<std::pair<int32_t, int64_t>> seen;
  for (const Click& c : clicks) {
    if (utc_day(c.time_ms) == day && seen.insert({c.partition, c.offset}).second) out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const Click& a, const Click& b) {
    return std::tie(a.user_id, a.time_ms, a.partition, a.offset) <
           std::tie(b.user_id, b.time_ms, b.partition, b.offset);
  });
  return out;
}

StoredClick stored(const Click& c) {
  return {c.user_id, c.time_ms, c.partition, c.offset, c.hotel};
}

TEST(SecondHotelProperty, StreamingStateEqualsNaiveRecount) {
  std::mt19937_64 rng(20261127);
  for (int round = 0; round < 3000; ++round) {
    const auto clicks = random_stream(rng);
    const auto expected = naive_second_hotel(clicks);
    SecondHotelState state;
    // What the live table would hold: every change the state reports, applied in turn.
    std::map<std::pair<int32_t, int64_t>, std::string> live;
    for (const Click& c : clicks) {
      if (state.add(c.user_id, c.time_ms, c.partition, c.offset, c.hotel) ==
          FoldResult::kAnswerChanged) {
        const int32_t day = utc_day(c.time_ms);
        live[{day, c.user_id}] = std::string(*state.second_hotel(day, c.user_id));
      }
    }
    for (int32_t day : days_of(clicks)) {
      const auto want = expected.count(day) ? expected.at(day) : std::vector<UserHotel>{};
      ASSERT_EQ(state.answer(day), want) << "round " << round << ", day " << day;
      std::vector<UserHotel> from_live;
      for (const auto& [key, hotel] : live) {
        if (key.first == day) from_live.push_back({key.second, hotel});
      }
      ASSERT_EQ(from_live, want) << "round " << round << ": the reported changes end elsewhere";
    }
  }
}

TEST(SecondHotelProperty, SortedReducerEqualsNaiveRecountAndSeedsTheState) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 3000; ++round) {
    const auto clicks = random_stream(rng);
    const auto expected = naive_second_hotel(clicks);
    for (int32_t day : days_of(clicks)) {
      std::vector<UserHotel> got;
      SecondHotelState seeded;
      SortedReducer reducer([&](const UserFirstTwo& u) {
        if (u.second) got.push_back({u.user_id, u.second->hotel});
        for (const auto* c : {&u.first, u.second ? &*u.second : nullptr}) {
          if (c) seeded.add(u.user_id, c->time_ms, c->partition, c->offset, c->hotel);
        }
      });
      for (const Click& c : sorted_day(clicks, day)) reducer.add(stored(c));
      reducer.finish();
      ASSERT_TRUE(reducer.in_order());
      const auto want = expected.count(day) ? expected.at(day) : std::vector<UserHotel>{};
      ASSERT_EQ(got, want) << "round " << round << ", day " << day;
      ASSERT_EQ(seeded.answer(day), want) << "round " << round << ": seeding from first two";
      // A seeded state takes the same clicks again (a job resuming before its last commit)
      // without moving.
      for (const Click& c : clicks) {
        if (utc_day(c.time_ms) != day) continue;
        ASSERT_NE(seeded.add(c.user_id, c.time_ms, c.partition, c.offset, c.hotel),
                  FoldResult::kAnswerChanged);
      }
    }
  }
}

TEST(SecondHotelState, FloorForgetsAndIgnoresEarlierDays) {
  SecondHotelState s;
  s.add(1, kMidnight - 1, 0, 0, "a");
  s.add(1, kMidnight - 2, 0, 1, "b");
  s.add(1, kMidnight, 0, 2, "c");
  s.add(1, kMidnight + 1, 0, 3, "d");
  ASSERT_EQ(s.days().size(), 2u);
  EXPECT_EQ(s.answer(utc_day(kMidnight - 1)), (std::vector<UserHotel>{{1, "a"}}));
  s.set_floor(utc_day(kMidnight));
  EXPECT_EQ(s.days(), std::vector<int32_t>{utc_day(kMidnight)});
  EXPECT_EQ(s.add(1, kMidnight - 3, 0, 4, "e"), FoldResult::kIgnored);
  EXPECT_EQ(s.answer(utc_day(kMidnight)), (std::vector<UserHotel>{{1, "d"}}));
  EXPECT_EQ(s.users(), 1u);
}

TEST(SortedReducerTest, ReportsDisorder) {
  SortedReducer r([](const UserFirstTwo&) {});
  r.add({1, 10, 0, 0, "a"});
  r.add({1, 10, 0, 0, "a"});  // the same click twice
  r.add({0, 5, 0, 1, "b"});   // a user out of order
  r.finish();
  EXPECT_FALSE(r.in_order());
  EXPECT_EQ(r.disorder(), 2u);
}

}  // namespace
}  // namespace clicklog::hotel
