// StoredHotels: a day outside the streaming state answered from the store's clicks, read
// beside the job that writes them, and the day kept a minute before it is read again.
#include "cli/stored_hotels.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "hotel/click_order.h"
#include "store/store.h"

namespace clicklog::cli {
namespace {

constexpr int32_t kDay = 20'400;
constexpr int64_t kNoon = kDay * hotel::kDayMs + hotel::kDayMs / 2;

class StoredHotelsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("clicklog-stored-hotels-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    uri_ = "rocksdb:" + dir_.string();
    auto opened = store::open_store(uri_, {store::Role::kIngest, std::chrono::seconds(5)});
    ASSERT_TRUE(opened) << opened.error().message;
    job_store_ = std::move(*opened);
  }
  void TearDown() override {
    job_store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void save(std::vector<store::StoredClick> clicks) {
    ASSERT_TRUE(job_store_->save(clicks, {}).ok());
    ASSERT_TRUE(job_store_->flush().ok());
  }

  std::filesystem::path dir_;
  std::string uri_;
  std::unique_ptr<store::Store> job_store_;  // open as the job holds it
};

http::HotelAnswer from_store(std::optional<std::string> first, std::optional<std::string> second) {
  return {false, std::move(first), std::move(second), true};
}

TEST_F(StoredHotelsTest, AnswersADayFromTheStoreBesideTheJob) {
  save({{42, kNoon + 10, 0, 1, "h-b"}, {42, kNoon, 1, 7, "h-a"}, {7, kNoon, 0, 2, "h-c"}});
  StoredHotels::Clock::time_point now{};
  StoredHotels stored(uri_, std::chrono::seconds(5), [&] { return now; });
  auto a = stored.answer({42, kDay});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(*a, from_store("h-a", "h-b"));
  EXPECT_EQ(*stored.answer({7, kDay}), from_store("h-c", std::nullopt));
  EXPECT_EQ(*stored.answer({8, kDay}), from_store(std::nullopt, std::nullopt));

  // A click saved since shows once the day is a minute old, or another day was read.
  save({{7, kNoon + 5, 0, 3, "h-d"}});
  EXPECT_EQ(*stored.answer({7, kDay}), from_store("h-c", std::nullopt));
  now += std::chrono::seconds(61);
  EXPECT_EQ(*stored.answer({7, kDay}), from_store("h-c", "h-d"));
  save({{7, kNoon + 1, 0, 4, "h-e"}});
  EXPECT_EQ(*stored.answer({7, kDay - 1}), from_store(std::nullopt, std::nullopt));
  EXPECT_EQ(*stored.answer({7, kDay}), from_store("h-c", "h-e"));
}

TEST(StoredHotels, AStoreThatCannotBeReadIsAnError) {
  StoredHotels stored("rocksdb:/nonexistent/clicklog-store", std::chrono::seconds(1));
  auto a = stored.answer({1, kDay});
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("no clicks saved"), std::string::npos) << a.error().message;
}

}  // namespace
}  // namespace clicklog::cli
