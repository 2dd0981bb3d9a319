// fold_click, DayTable and SecondHotelState on hand-made cases: each branch of the argument in
// user_state.h, and a state keeping some partitions' users.
#include "hotel/user_state.h"

#include <gtest/gtest.h>

#include "hotel/day_table.h"
#include "hotel/second_hotel_state.h"

namespace clicklog::hotel {
namespace {

UserState start(ClickOrder order, uint32_t hotel) {
  return UserState{.user_id = 7, .first = order, .first_hotel = hotel};
}

TEST(FoldClick, LaterClickOfAnotherHotelBecomesSecond) {
  UserState s = start({100, 0, 5}, 1);
  EXPECT_FALSE(fold_click(s, {200, 0, 6}, 1));
  EXPECT_FALSE(s.has_second());
  EXPECT_TRUE(fold_click(s, {300, 0, 7}, 2));
  EXPECT_EQ(s.second_hotel, 2u);
  EXPECT_FALSE(fold_click(s, {400, 0, 8}, 3)) << "a later third hotel changes nothing";
  EXPECT_TRUE(fold_click(s, {250, 0, 9}, 3)) << "an earlier click of a third hotel does";
  EXPECT_EQ(s.second_hotel, 3u);
  EXPECT_EQ(s.second, (ClickOrder{250, 0, 9}));
}

TEST(FoldClick, EarlierClickOfAnotherHotelPushesTheFirstToSecond) {
  UserState s = start({100, 0, 5}, 1);
  fold_click(s, {300, 0, 7}, 2);
  EXPECT_TRUE(fold_click(s, {50, 1, 1}, 3));
  EXPECT_EQ(s.first_hotel, 3u);
  EXPECT_EQ(s.second_hotel, 1u) << "the old first is the earliest click of another hotel";
  EXPECT_EQ(s.second, (ClickOrder{100, 0, 5}));
}

TEST(FoldClick, EarlierClickOfTheSameHotelKeepsTheSecond) {
  UserState s = start({100, 0, 5}, 1);
  fold_click(s, {300, 0, 7}, 2);
  EXPECT_FALSE(fold_click(s, {50, 1, 1}, 1));
  EXPECT_EQ(s.first, (ClickOrder{50, 1, 1}));
  EXPECT_EQ(s.second_hotel, 2u);
}

TEST(FoldClick, EarlierClickOfTheSecondsHotelMakesThePreviousFirstSecond) {
  // first A@100, second B@300; then B@50: first B@50, second A@100.
  UserState s = start({100, 0, 5}, 1);
  fold_click(s, {300, 0, 7}, 2);
  EXPECT_TRUE(fold_click(s, {50, 0, 1}, 2));
  EXPECT_EQ(s.first_hotel, 2u);
  EXPECT_EQ(s.second_hotel, 1u);
}

TEST(FoldClick, SameMillisecondOrdersByPartitionThenOffset) {
  UserState s = start({100, 3, 5}, 1);
  EXPECT_TRUE(fold_click(s, {100, 2, 9}, 2)) << "partition 2 comes before partition 3";
  EXPECT_EQ(s.first_hotel, 2u);
  EXPECT_EQ(s.second_hotel, 1u);
  EXPECT_FALSE(fold_click(s, {100, 3, 6}, 3)) << "partition 3 offset 6 comes after the second";
  EXPECT_TRUE(fold_click(s, {100, 2, 10}, 4)) << "partition 2 offset 10 comes before it";
  EXPECT_EQ(s.second_hotel, 4u);
  EXPECT_TRUE(fold_click(s, {100, 2, 8}, 3));
  EXPECT_EQ(s.first_hotel, 3u);
  EXPECT_EQ(s.second_hotel, 2u);
}

TEST(FoldClick, ReplaysChangeNothing) {
  UserState s = start({100, 0, 5}, 1);
  fold_click(s, {300, 0, 7}, 2);
  const UserState before = s;
  EXPECT_FALSE(fold_click(s, {100, 0, 5}, 1));
  EXPECT_FALSE(fold_click(s, {300, 0, 7}, 2));
  EXPECT_EQ(s.first, before.first);
  EXPECT_EQ(s.second, before.second);
  EXPECT_EQ(s.second_hotel, before.second_hotel);
}

TEST(ClickOrderTest, DaysAreUtcAndFloorBefore1970) {
  EXPECT_EQ(utc_day(0), 0);
  EXPECT_EQ(utc_day(kDayMs - 1), 0);
  EXPECT_EQ(utc_day(kDayMs), 1);
  EXPECT_EQ(utc_day(-1), -1);
  EXPECT_EQ(click_order(-1, 4, 2), (ClickOrder{kDayMs - 1, 4, 2}));
  EXPECT_EQ(click_order(kDayMs + 5, 0, 0).ms_of_day, 5u);
}

TEST(DayTableTest, HoldsManyUsersThroughGrowth) {
  DayTable t;
  constexpr int64_t kUsers = 200'000;
  for (int64_t u = 0; u < kUsers; ++u) {
    EXPECT_TRUE(t.add(u * 7919 - 1'000'000, {static_cast<uint32_t>(u), 0, u}, 1).new_user);
  }
  for (int64_t u = 0; u < kUsers; u += 3) {
    auto out = t.add(u * 7919 - 1'000'000, {static_cast<uint32_t>(u + 1), 0, u + 1}, 2);
    EXPECT_FALSE(out.new_user);
    EXPECT_TRUE(out.answer_changed);
  }
  EXPECT_EQ(t.size(), static_cast<size_t>(kUsers));
  size_t with_second = 0;
  t.for_each([&](const UserState& s) { with_second += s.has_second(); });
  EXPECT_EQ(with_second, static_cast<size_t>((kUsers + 2) / 3));
  for (int64_t u = 0; u < kUsers; ++u) {
    const UserState* s = t.find(u * 7919 - 1'000'000);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->has_second(), u % 3 == 0);
  }
  EXPECT_EQ(t.find(5), nullptr);
  EXPECT_LT(t.memory_bytes(), kUsers * 70) << "48-byte entries plus the index";
}

TEST(SecondHotelStateTest, RetainingPartitionsKeepsTheirUsersExactly) {
  // A --scale-out member given away partition 1 keeps partition 0's users, their answers as
  // they were, and from then on holds a share of the users.
  SecondHotelState state;
  const int64_t noon = 20'424 * kDayMs + kDayMs / 2;
  for (int64_t u = 0; u < 100; ++u) {
    const auto p = static_cast<int32_t>(u % 2);
    state.add(u, noon + u, p, u, "h" + std::to_string(u % 3));
    state.add(u, noon - u, p, 1000 + u, "h" + std::to_string(u % 5));
    state.add(u, noon - kDayMs, p, 2000 + u, "y");  // yesterday
  }
  const auto before = state.answer(20'424);
  EXPECT_TRUE(state.holds_every_user());
  state.retain_partitions({0});
  EXPECT_FALSE(state.holds_every_user());
  EXPECT_EQ(state.users(20'424), 50u);
  EXPECT_EQ(state.users(20'423), 50u);
  std::vector<UserHotel> even;
  for (const auto& row : before) {
    if (row.user_id % 2 == 0) even.push_back(row);
  }
  EXPECT_EQ(state.answer(20'424), even);
  EXPECT_FALSE(state.hotels(20'424, 1).has_value());
  ASSERT_TRUE(state.hotels(20'424, 2).has_value());
  EXPECT_EQ(state.hotels(20'424, 2)->first, "h2");
}

}  // namespace
}  // namespace clicklog::hotel
