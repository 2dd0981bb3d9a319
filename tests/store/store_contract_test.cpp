// A real store against the naive recount: built twice, for RocksDB (a temporary directory) and
// for Cassandra (a fresh keyspace on the node of scripts/cassandra, CLICKLOG_CASSANDRA_PORT).
// Saving with replays, the day scan in the contract's order across UTC midnights, reading while
// the job still holds the store, results replaced on rerun, live answers overwritten.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "hotel/naive_second_hotel.h"
#include "store/day_query.h"
#include "store/store.h"

#ifdef STORE_TEST_CASSANDRA
#include "cql/session.h"
#endif

namespace clicklog::store {
namespace {

using hotel::testing::Click;
constexpr int64_t kMidnight = 20'784 * hotel::kDayMs;  // 2026-11-27T00:00:00Z
const int32_t kToday = hotel::utc_day(kMidnight);

// A store location of its own for each test, removed afterwards.
class Place {
 public:
  Place() {
    static int n = 0;
    const std::string name = "store_it_" + std::to_string(getpid()) + "_" + std::to_string(++n);
#ifdef STORE_TEST_CASSANDRA
    const char* port = std::getenv("CLICKLOG_CASSANDRA_PORT");
    base_ = std::string("cassandra://127.0.0.1:") + (port ? port : "9042");
    keyspace_ = name;
    uri_ = base_ + "/" + name + "?replication=1";
#else
    dir_ = std::filesystem::temp_directory_path() / name;
    uri_ = "rocksdb:" + dir_.string();
#endif
  }
  ~Place() {
#ifdef STORE_TEST_CASSANDRA
    if (auto s = cql::Session::connect(base_))
      (void)(*s)->query("DROP KEYSPACE IF EXISTS " + keyspace_);
#else
    std::filesystem::remove_all(dir_);
#endif
  }
  const std::string& uri() const {
    return uri_;
  }

 private:
  std::string uri_;
#ifdef STORE_TEST_CASSANDRA
  std::string base_, keyspace_;
#else
  std::filesystem::path dir_;
#endif
};

std::unique_ptr<Store> open(const Place& place, Role role) {
  auto s = open_store(place.uri(), {role, std::chrono::milliseconds(20'000)});
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

std::vector<StoredClick> views(const std::vector<Click>& clicks) {
  std::vector<StoredClick> out;
  for (const Click& c : clicks)
    out.push_back({c.user_id, c.time_ms, c.partition, c.offset, c.hotel});
  return out;
}

Status save_in_batches(Store& s, const std::vector<Click>& clicks, size_t batch) {
  const auto all = views(clicks);
  for (size_t i = 0; i < all.size(); i += batch) {
    const auto part = std::span(all).subspan(i, std::min(batch, all.size() - i));
    if (auto st = s.save(part, {}); !st) return st;
    if (auto st = s.flush(); !st) return st;
  }
  return {};
}

std::vector<UserHotel> expected_for(const std::map<int32_t, std::vector<UserHotel>>& e,
                                    int32_t day) {
  return e.count(day) ? e.at(day) : std::vector<UserHotel>{};
}

TEST(StoreContract, SavesReplaysAndAnswersLikeTheNaiveRecount) {
  std::mt19937_64 rng(11);
  std::vector<Click> clicks;
  std::vector<int64_t> next_offset(6, 0);
  for (int i = 0; i < 30'000; ++i) {
    const auto p = static_cast<int32_t>(rng() % 6);
    // Two UTC midnights; a few hundred distinct milliseconds around each, so ties abound.
    const int64_t midnight = kMidnight + static_cast<int64_t>(rng() % 2) * hotel::kDayMs;
    clicks.push_back({static_cast<int64_t>(rng() % 3'000) - 1'000,
                      midnight + static_cast<int64_t>(rng() % 400) - 200, p,
                      next_offset[static_cast<size_t>(p)] += 1 + static_cast<int64_t>(rng() % 2),
                      "h-" + std::to_string(rng() % 5)});
  }
  std::vector<Click> replayed(clicks.begin() + 10'000, clicks.begin() + 16'000);
  const auto expected = hotel::testing::naive_second_hotel(clicks);

  Place place;
  auto ingest = open(place, Role::kIngest);
  ASSERT_TRUE(ingest);
  ASSERT_TRUE(save_in_batches(*ingest, clicks, 3'000).ok());
  ASSERT_TRUE(save_in_batches(*ingest, replayed, 1'000).ok());

  // The daily query opens the store while the job still has it open.
  auto query = open(place, Role::kQuery);
  ASSERT_TRUE(query);
  for (int32_t day = kToday - 2; day <= kToday + 2; ++day) {
    auto answer = compute_day_answer(*query, day);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer->rows, expected_for(expected, day)) << "day " << day;
    auto from_ingest = compute_day_answer(*ingest, day);
    ASSERT_TRUE(from_ingest.ok());
    EXPECT_EQ(from_ingest->rows, answer->rows);
  }
  auto today = compute_day_answer(*query, kToday);
  EXPECT_GT(today->rows.size(), 500u);
  EXPECT_LT(today->rows.size(), today->users);
  EXPECT_EQ(today->clicks + compute_day_answer(*query, kToday - 1)->clicks +
                compute_day_answer(*query, kToday + 1)->clicks,
            clicks.size())
      << "replays overwrite their own rows";

  ASSERT_TRUE(query->write_results(kToday, today->rows).ok());
  EXPECT_EQ(*query->read_results(kToday), today->rows);
  // A rerun replaces the day's results entirely; other days are untouched.
  const std::vector<UserHotel> fewer(today->rows.begin(), today->rows.begin() + 10);
  ASSERT_TRUE(query->write_results(kToday + 1, {{5, "other-day"}}).ok());
  ASSERT_TRUE(query->write_results(kToday, fewer).ok());
  EXPECT_EQ(*query->read_results(kToday), fewer);
  EXPECT_EQ(*query->read_results(kToday + 1), (std::vector<UserHotel>{{5, "other-day"}}));
  EXPECT_TRUE(query->read_results(kToday - 5)->empty());
}

TEST(StoreContract, LiveAnswersAreOverwrittenByLaterSaves) {
  Place place;
  auto s = open(place, Role::kIngest);
  ASSERT_TRUE(s);
  const std::vector<LiveRow> first{{kToday, 7, "a"}, {kToday, -7, "b"}, {kToday + 1, 7, "c"}};
  ASSERT_TRUE(s->save({}, first).ok());
  ASSERT_TRUE(s->flush().ok());
  const std::vector<LiveRow> second{{kToday, 7, "z"}};
  ASSERT_TRUE(s->save({}, second).ok());
  ASSERT_TRUE(s->flush().ok());
  EXPECT_EQ(*s->read_live(kToday), (std::vector<UserHotel>{{-7, "b"}, {7, "z"}}));
  EXPECT_EQ(*s->read_live(kToday + 1), (std::vector<UserHotel>{{7, "c"}}));
}

TEST(StoreContract, ManyLiveAnswersInOneSave) {
  // A Kafka batch can change thousands of answers at once: all of them are kept.
  Place place;
  auto s = open(place, Role::kIngest);
  ASSERT_TRUE(s);
  std::vector<std::string> hotels;
  std::vector<LiveRow> live;
  std::vector<UserHotel> want;
  for (int64_t u = 0; u < 5'000; ++u)
    hotels.push_back("h-some-longer-hotel-name-" + std::to_string(u));
  for (int64_t u = 0; u < 5'000; ++u) {
    live.push_back({kToday, u, hotels[static_cast<size_t>(u)]});
    want.push_back({u, hotels[static_cast<size_t>(u)]});
  }
  ASSERT_TRUE(s->save({}, live).ok());
  auto flushed = s->flush();
  ASSERT_TRUE(flushed.ok()) << flushed.message();
  EXPECT_EQ(*s->read_live(kToday), want);
}

TEST(StoreContract, HotelNamesRoundTripByteForByte) {
  Place place;
  auto s = open(place, Role::kIngest);
  ASSERT_TRUE(s);
  const std::vector<std::string> names{"a,b", "quote \"q\"", "Zürich – Hôtel ☃",
                                       std::string(300, 'x'), "new\nline"};
  std::vector<Click> clicks;
  for (size_t i = 0; i < names.size(); ++i) {
    clicks.push_back(
        {static_cast<int64_t>(i), kMidnight + 10, 0, static_cast<int64_t>(2 * i), "first"});
    clicks.push_back(
        {static_cast<int64_t>(i), kMidnight + 11, 0, static_cast<int64_t>(2 * i + 1), names[i]});
  }
  ASSERT_TRUE(save_in_batches(*s, clicks, 100).ok());
  auto answer = compute_day_answer(*s, kToday);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  ASSERT_EQ(answer->rows.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(answer->rows[i].hotel, names[i]);
}

TEST(StoreContract, TheQueryNeedsClicksSavedFirst) {
  Place place;
  auto s = open_store(place.uri(), {Role::kQuery, std::chrono::milliseconds(20'000)});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("clicklog run --store"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace clicklog::store
