// ClickSaver over a MemoryStore: only considered clicks are saved, retries hold the batch
// until the store is back (and lose nothing), shutdown while failing is an error that commits
// nothing, live answers follow the state, and a restarted saver is seeded from the store.
#include "store/click_saver.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "hotel/naive_second_hotel.h"
#include "memory_store.h"
#include "store/day_query.h"

namespace clicklog::store {
namespace {

using testing::MemoryStore;
constexpr int64_t kMidnight = 20'784 * hotel::kDayMs;  // 2026-11-27T00:00:00Z
const int32_t kToday = hotel::utc_day(kMidnight);

struct Record {
  std::optional<int64_t> user;
  int64_t time_ms;
  std::optional<std::string> action;
  std::optional<std::string> hotel;
};

void feed(ClickSaver& saver, const Record& r, int32_t partition, int64_t offset) {
  TimedEvent e;
  e.time_ms = r.time_ms;
  e.event.user_id = r.user;
  if (r.action) e.event.action = std::string_view(*r.action);
  if (r.hotel) e.event.hotel = std::string_view(*r.hotel);
  saver.on_event(e, partition, offset);
}

SaverOptions fast_options(int state_days = 2) {
  SaverOptions o;
  o.state_days = state_days;
  o.first_backoff = std::chrono::milliseconds(1);
  o.max_backoff = std::chrono::milliseconds(2);
  o.stop = [] { return false; };
  o.wall_clock_ms = [] { return kMidnight + 3'600'000; };
  return o;
}

TEST(ClickSaver, SavesOnlyConsideredClicks) {
  MemoryStore store;
  ClickSaver saver(store, fast_options());
  feed(saver, {1, kMidnight + 1, "click", "a"}, 0, 0);
  feed(saver, {1, kMidnight + 2, "search", "b"}, 0, 1);            // not a click
  feed(saver, {std::nullopt, kMidnight + 3, "click", "c"}, 0, 2);  // no user
  feed(saver, {1, kMidnight + 4, "click", ""}, 0, 3);              // empty hotel
  feed(saver, {1, kMidnight + 5, "click", std::nullopt}, 0, 4);    // no hotel
  feed(saver, {1, kMidnight + 6, "Click", "d"}, 0, 5);             // not exactly "click"
  feed(saver, {1, kMidnight + 7, "click", "e"}, 1, 0);
  EXPECT_EQ(saver.buffered(), 2u);
  EXPECT_TRUE(store.clicks.empty()) << "nothing is written before before_offsets";
  ASSERT_TRUE(saver.before_offsets().ok());
  EXPECT_EQ(saver.buffered(), 0u);
  ASSERT_EQ(store.clicks.size(), 2u);
  EXPECT_EQ(store.clicks.begin()->second, "a");
  EXPECT_EQ(store.live.at({kToday, 1}), "e");
  EXPECT_TRUE(saver.before_offsets().ok()) << "an empty batch is a no-op";
  EXPECT_EQ(store.flush_calls, 1);
}

TEST(ClickSaver, RetriesUntilTheStoreIsBackAndLosesNothing) {
  MemoryStore store;
  ClickSaver saver(store, fast_options());
  for (int i = 0; i < 100; ++i)
    feed(saver, {i % 7, kMidnight + i, "click", "h" + std::to_string(i % 3)}, i % 2, i);
  store.fail_saves = 2;
  store.fail_flushes = 3;  // flushes that fail drop what the save sent
  ASSERT_TRUE(saver.before_offsets().ok());
  EXPECT_EQ(saver.stats().failed_attempts, 5u);
  EXPECT_EQ(store.clicks.size(), 100u);
  EXPECT_EQ(saver.stats().clicks_saved, 100u);
  auto answer = compute_day_answer(store, kToday);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->rows, saver.state().answer(kToday));
  EXPECT_EQ(*store.read_live(kToday), saver.state().answer(kToday));
}

TEST(ClickSaver, StopWhileFailingIsAnErrorAndKeepsTheBatch) {
  MemoryStore store;
  int attempts_before_stop = 3;
  SaverOptions o = fast_options();
  o.stop = [&] { return store.save_calls >= attempts_before_stop; };
  ClickSaver saver(store, o);
  feed(saver, {1, kMidnight, "click", "a"}, 0, 0);
  store.fail_saves = 1'000;
  const Status st = saver.before_offsets();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("memory store: down"), std::string::npos) << st.message();
  EXPECT_EQ(saver.buffered(), 1u);
  EXPECT_TRUE(store.clicks.empty());
}

TEST(ClickSaver, RestartedSaverIsSeededFromTheStore) {
  // Random clicks of yesterday and today, saved in batches by one saver; a second saver
  // seeded from the store, fed the tail again (a replay after a crash before the last
  // commit), must answer like the naive recount.
  std::mt19937_64 rng(7);
  std::vector<hotel::testing::Click> clicks;
  for (int64_t i = 0; i < 3'000; ++i) {
    clicks.push_back({static_cast<int64_t>(rng() % 200),
                      kMidnight - 3'000 + static_cast<int64_t>(rng() % 6'000),
                      static_cast<int32_t>(rng() % 4), i, "h" + std::to_string(rng() % 4)});
  }
  MemoryStore store;
  {
    ClickSaver first(store, fast_options());
    for (size_t i = 0; i < 2'000; ++i) {
      const auto& c = clicks[i];
      feed(first, {c.user_id, c.time_ms, "click", c.hotel}, c.partition, c.offset);
      if (i % 500 == 499) {
        ASSERT_TRUE(first.before_offsets().ok());
      }
    }
  }
  ClickSaver second(store, fast_options());
  ASSERT_TRUE(second.seed().ok());
  EXPECT_EQ(second.stats().seeded_clicks, 2'000u);
  for (size_t i = 1'500; i < clicks.size(); ++i) {
    const auto& c = clicks[i];
    feed(second, {c.user_id, c.time_ms, "click", c.hotel}, c.partition, c.offset);
  }
  ASSERT_TRUE(second.before_offsets().ok());
  const auto expected = hotel::testing::naive_second_hotel(clicks);
  for (int32_t day : {kToday - 1, kToday}) {
    EXPECT_EQ(second.state().answer(day), expected.at(day));
    EXPECT_EQ(*store.read_live(day), expected.at(day));
    EXPECT_EQ(compute_day_answer(store, day)->rows, expected.at(day));
  }
}

TEST(ClickSaver, APartitionFromAnotherMemberBringsItsUsersFromTheStore) {
  // Two --scale-out members on one store: b is given partition 0 after a has read user 1's
  // first click there; b's answer must count that click.
  MemoryStore store;
  ClickSaver a(store, fast_options()), b(store, fast_options());
  ASSERT_TRUE(b.on_assigned({1}).ok());
  ASSERT_TRUE(a.on_assigned({0}).ok());
  feed(a, {1, kMidnight + 10, "click", "first"}, 0, 0);
  ASSERT_TRUE(a.before_offsets().ok());
  a.on_revoked({0});
  b.on_revoked({1});
  ASSERT_TRUE(b.on_assigned({0, 1}).ok());
  EXPECT_EQ(b.stats().seeded_clicks, 1u) << "partition 0 is new to b";
  feed(b, {1, kMidnight + 20, "click", "second"}, 0, 1);
  feed(b, {1, kMidnight + 30, "click", "third"}, 0, 2);
  ASSERT_TRUE(b.before_offsets().ok());
  EXPECT_EQ(b.state().second_hotel(kToday, 1), "second");
  EXPECT_EQ(*store.read_live(kToday), (std::vector<hotel::UserHotel>{{1, "second"}}));

  // Handed back and given again in one rebalance: nobody read it in between, no reload.
  b.on_revoked({0, 1});
  ASSERT_TRUE(b.on_assigned({0, 1}).ok());
  EXPECT_EQ(b.stats().seeded_clicks, 1u);
}

TEST(ClickSaver, AMemberHoldsOnlyItsPartitionsUsers) {
  // 40 users over 4 partitions (user u in partition u % 4), saved by a lone member. A member
  // given partitions {0, 1} loads their 20 users; given {1, 2} later, it forgets partition 0's
  // and loads partition 2's only. Answers are exact throughout for the users it holds.
  MemoryStore store;
  std::vector<hotel::testing::Click> clicks;
  {
    ClickSaver lone(store, fast_options());
    ASSERT_TRUE(lone.on_assigned({0, 1, 2, 3}).ok());
    for (int64_t u = 0; u < 40; ++u) {
      for (int64_t k = 0; k < 3; ++k) {
        const auto p = static_cast<int32_t>(u % 4);
        clicks.push_back(
            {u, kMidnight + 100 * k + u, p, 10 * u + k, "h" + std::to_string((u + k) % 3)});
        feed(lone, {u, clicks.back().time_ms, "click", clicks.back().hotel}, p, 10 * u + k);
      }
    }
    ASSERT_TRUE(lone.before_offsets().ok());
  }
  const auto expected = hotel::testing::naive_second_hotel(clicks).at(kToday);
  auto rows_of = [&](std::set<int32_t> partitions) {
    std::vector<hotel::UserHotel> rows;
    for (const auto& row : expected) {
      if (partitions.count(static_cast<int32_t>(row.user_id % 4))) rows.push_back(row);
    }
    return rows;
  };

  ClickSaver member(store, fast_options());
  ASSERT_TRUE(member.on_assigned({0, 1}).ok());
  EXPECT_EQ(member.state().users(kToday), 20u);
  EXPECT_EQ(member.state().answer(kToday), rows_of({0, 1}));
  EXPECT_FALSE(member.state().holds_every_user());

  member.on_revoked({0, 1});
  ASSERT_TRUE(member.on_assigned({1, 2}).ok());
  EXPECT_EQ(member.state().users(kToday), 20u);
  EXPECT_EQ(member.state().answer(kToday), rows_of({1, 2}));
}

TEST(ClickSaver, StateFollowsTheWallClockDays) {
  MemoryStore store;
  int64_t now = kMidnight + 1'000;
  SaverOptions o = fast_options(2);
  o.wall_clock_ms = [&] { return now; };
  ClickSaver saver(store, o);
  ASSERT_TRUE(saver.seed().ok());
  feed(saver, {1, kMidnight - 2 * hotel::kDayMs, "click", "old"}, 0, 0);  // before the floor
  feed(saver, {1, kMidnight - 5, "click", "a"}, 0, 1);
  feed(saver, {1, kMidnight - 4, "click", "b"}, 0, 2);
  ASSERT_TRUE(saver.before_offsets().ok());
  EXPECT_EQ(store.clicks.size(), 3u) << "clicks of days not held are still saved";
  EXPECT_EQ(saver.state().days(), std::vector<int32_t>{kToday - 1});
  now += 2 * hotel::kDayMs;  // two days later, yesterday's state goes
  ASSERT_TRUE(saver.before_offsets().ok());
  EXPECT_TRUE(saver.state().days().empty());
}

}  // namespace
}  // namespace clicklog::store
