// LiveHotels: the job's side of /api/second-hotel answers from the streaming state, first and
// second distinct hotel, only for the days the state holds, and keeps its hooks' order.
#include "cli/live_hotels.h"

#include <gtest/gtest.h>

#include "hotel/click_order.h"

namespace clicklog::cli {
namespace {

constexpr int64_t kDay = hotel::kDayMs;
constexpr int32_t kToday = 20'424;  // 2025-12-02
constexpr int64_t kNoon = kToday * kDay + kDay / 2;

TimedEvent click(int64_t user, std::string_view hotel, int64_t time_ms) {
  TimedEvent e;
  e.event.user_id = user;
  e.event.action = "click";
  e.event.hotel = hotel;
  e.time_ms = time_ms;
  return e;
}

http::HotelAnswer answer(std::optional<std::string> first, std::optional<std::string> second) {
  return {true, std::move(first), std::move(second)};
}

TEST(HttpLiveHotels, FirstAndSecondDistinctHotelOfTheDaysHeld) {
  http::HotelLookups lookups;
  int64_t now = kNoon;
  LiveHotels hotels(lookups, nullptr, /*state_days=*/2, [&] { return now; });
  hotels.fold(click(42, "h-2", kNoon - 1000), 0, 10);
  hotels.fold(click(42, "h-1", kNoon - 2000), 1, 5);  // earlier: the first
  hotels.fold(click(42, "h-1", kNoon - 500), 0, 11);
  hotels.fold(click(7, "h-9", kNoon - kDay), 0, 1);      // yesterday
  hotels.fold(click(8, "h-9", kNoon - 2 * kDay), 0, 2);  // before the floor: not held
  TimedEvent search = click(9, "h-3", kNoon);
  search.event.action = "search";
  hotels.fold(search, 0, 3);

  EXPECT_EQ(hotels.answer({42, kToday}), answer("h-1", "h-2"));
  EXPECT_EQ(hotels.answer({7, kToday - 1}), answer("h-9", std::nullopt));
  EXPECT_EQ(hotels.answer({9, kToday}), answer(std::nullopt, std::nullopt));
  EXPECT_EQ(hotels.answer({8, kToday - 2}), http::HotelAnswer{});   // not held
  EXPECT_EQ(hotels.answer({42, kToday + 1}), http::HotelAnswer{});  // not yet

  now += kDay;  // a day later, yesterday's state is gone once a turn has passed
  hotels.turn();
  EXPECT_EQ(hotels.answer({7, kToday - 1}), http::HotelAnswer{});
  EXPECT_EQ(hotels.answer({42, kToday}), answer("h-1", "h-2"));
}

TEST(HttpLiveHotels, AnswersFromTheSaversStateWhenThereIsOne) {
  http::HotelLookups lookups;
  hotel::SecondHotelState saved;
  saved.set_floor(kToday);
  saved.add(5, kNoon, 0, 1, "h-a");
  saved.add(5, kNoon + 1, 0, 2, "h-b");
  LiveHotels hotels(lookups, &saved, 1, [] { return kNoon; });
  job::JobHooks hooks;
  hotels.attach(hooks);
  EXPECT_FALSE(hooks.on_event);  // the saver folds clicks, not this
  EXPECT_EQ(hotels.answer({5, kToday}), answer("h-a", "h-b"));
}

TEST(HttpLiveHotels, AUserOutsideTheSaversShareIsLeftToTheStore) {
  // A --scale-out member's state holds its partitions' users: another user may have clicked,
  // so the answer is not the state's (the HTTP side then asks the store).
  http::HotelLookups lookups;
  hotel::SecondHotelState saved;
  saved.set_floor(kToday);
  saved.add(5, kNoon, 0, 1, "h-a");
  saved.add(6, kNoon, 1, 1, "h-b");
  saved.retain_partitions({0});
  LiveHotels hotels(lookups, &saved, 1, [] { return kNoon; });
  EXPECT_EQ(hotels.answer({5, kToday}), answer("h-a", std::nullopt));
  EXPECT_FALSE(hotels.answer({6, kToday}).held);
  EXPECT_FALSE(hotels.answer({7, kToday}).held);
}

TEST(HttpLiveHotels, AMemberWithoutAStoreHoldsOnlyItsPartitionsUsers) {
  http::HotelLookups lookups;
  LiveHotels hotels(lookups, nullptr, 1, [] { return kNoon; });
  job::JobHooks hooks;
  std::vector<int32_t> passed_on;
  hooks.on_assigned = [&](const std::vector<int32_t>& ps) {
    passed_on = ps;
    return Status{};
  };
  hotels.attach(hooks);
  hooks.on_event(click(5, "h-a", kNoon), 0, 1);
  hooks.on_event(click(6, "h-b", kNoon), 1, 1);
  ASSERT_TRUE(hooks.on_assigned({0}).ok());  // a scaled-out member given partition 0
  EXPECT_EQ(passed_on, std::vector<int32_t>{0});
  EXPECT_EQ(hotels.answer({5, kToday}), answer("h-a", std::nullopt));
  EXPECT_FALSE(hotels.answer({6, kToday}).held);
  EXPECT_FALSE(hotels.answer({7, kToday}).held);
  hooks.on_revoked({0});
}

TEST(HttpLiveHotels, AttachedHooksRunTheSaversStepsToo) {
  http::HotelLookups lookups;
  LiveHotels hotels(lookups, nullptr, 2, [] { return kNoon; });
  int saved_events = 0, saved_batches = 0;
  job::JobHooks hooks;
  hooks.on_event = [&](const TimedEvent&, int32_t, int64_t) { ++saved_events; };
  hooks.before_offsets = [&] {
    ++saved_batches;
    return Status{};
  };
  hotels.attach(hooks);
  hooks.on_event(click(1, "h-1", kNoon), 0, 1);
  hooks.on_event(click(1, "h-2", kNoon + 1), 0, 2);
  EXPECT_TRUE(hooks.before_offsets().ok());
  EXPECT_EQ(saved_events, 2);
  EXPECT_EQ(saved_batches, 1);
  EXPECT_EQ(hotels.answer({1, kToday}), answer("h-1", "h-2"));
}

}  // namespace
}  // namespace clicklog::cli
