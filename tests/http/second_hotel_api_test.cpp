// /api/second-hotel: a request thread's question reaches the job's thread through
// HotelLookups and its answer comes back; a job that does not serve gets the client a 503, not
// a hang; bad parameters get 400.
#include "http/second_hotel_api.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "http/http_server.h"
#include "http/reply.h"

namespace clicklog::http {
namespace {

using std::chrono::milliseconds;

// Serves `lookups` every millisecond on its own thread, as the job's thread does once a turn.
class Job {
 public:
  explicit Job(HotelLookups& lookups) {
    thread_ = std::thread([this, &lookups] {
      while (!stop_) {
        lookups.serve([this](const HotelQuestion& q) {
          ++answered_;
          if (q.user_id != 42) return HotelAnswer{true, std::nullopt, std::nullopt};
          return HotelAnswer{true, "h-1",
                             q.day == 20'424 ? std::optional<std::string>("h-2") : std::nullopt};
        });
        std::this_thread::sleep_for(milliseconds(1));
      }
    });
  }
  ~Job() {
    stop_ = true;
    thread_.join();
  }
  int answered() const { return answered_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::thread thread_;
};

TEST(HttpHotelLookups, TheJobThreadAnswers) {
  HotelLookups lookups;
  Job job(lookups);
  const auto a = lookups.ask({42, 20'424}, milliseconds(5000));
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, (HotelAnswer{true, "h-1", "h-2"}));
  EXPECT_EQ(lookups.ask({7, 20'424}, milliseconds(5000)),
            (HotelAnswer{true, std::nullopt, std::nullopt}));
}

TEST(HttpHotelLookups, NoAnswerInTimeLeavesNoQuestionBehind) {
  HotelLookups lookups;
  EXPECT_EQ(lookups.ask({42, 1}, milliseconds(20)), std::nullopt);
  int asked = 0;
  lookups.serve([&](const HotelQuestion&) {
    ++asked;
    return HotelAnswer{};
  });
  EXPECT_EQ(asked, 0);
}

TEST(HttpSecondHotel, AsJson) {
  EXPECT_EQ(second_hotel_json(42, 20'424, {true, "h-1", "h-2"}),
            R"({"user":42,"date":"2025-12-02","first_hotel":"h-1","second_hotel":"h-2",)"
            R"("source":"state"})"
            "\n");
  EXPECT_EQ(second_hotel_json(-3, 0, {}),
            R"({"user":-3,"date":"1970-01-01","first_hotel":null,"second_hotel":null,)"
            R"("source":null})"
            "\n");
  EXPECT_EQ(second_hotel_json(5, 20'000, {false, "h-9", std::nullopt, true}),
            R"({"user":5,"date":"2024-10-04","first_hotel":"h-9","second_hotel":null,)"
            R"("source":"store"})"
            "\n");
}

TEST(HttpSecondHotel, TheRouteAsksTheJob) {
  LiveView view;
  HotelLookups lookups;
  auto server = HttpServer::start({"127.0.0.1", 0}, view, {"run", "g", "t"}, &lookups);
  ASSERT_TRUE(server) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  const auto get = [&](const char* path) {
    auto res = client.Get(path);
    EXPECT_TRUE(res) << path;
    return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
  };
  // Nobody serves yet: the client hears so.
  EXPECT_EQ(get("/api/second-hotel?user=42").first, 503);
  Job job(lookups);
  EXPECT_EQ(get("/api/second-hotel?user=42&date=2025-12-02"),
            std::make_pair(200, second_hotel_json(42, 20'424, {true, "h-1", "h-2"})));
  EXPECT_EQ(get("/api/second-hotel?user=42&date=2025-12-01"),
            std::make_pair(200, second_hotel_json(42, 20'423, {true, "h-1", std::nullopt})));
  EXPECT_EQ(
      get("/api/second-hotel?user=x"),
      std::make_pair(400, json_error(R"(user: expected a user id (a whole number), got "x")")));
  EXPECT_EQ(get("/api/second-hotel").first, 400);
  EXPECT_EQ(
      get("/api/second-hotel?user=42&date=2025-02-30"),
      std::make_pair(400, json_error(R"(date: expected a date as YYYY-MM-DD, got "2025-02-30")")));
}

TEST(HttpSecondHotel, TheArchiveAnswersWhatTheStateDoesNotHold) {
  LiveView view;
  HotelLookups lookups;
  lookups.set_archive([](const HotelQuestion& q) -> Result<HotelAnswer> {
    if (q.user_id == 13) return Error{"store rocksdb:x: unreadable"};
    return HotelAnswer{false, "h-9", std::nullopt, true};
  });
  std::atomic<bool> stop{false};
  std::thread job([&] {
    while (!stop) {
      lookups.serve([](const HotelQuestion&) { return HotelAnswer{}; });  // holds no day
      std::this_thread::sleep_for(milliseconds(1));
    }
  });
  auto server = HttpServer::start({"127.0.0.1", 0}, view, {"run", "g", "t"}, &lookups);
  ASSERT_TRUE(server) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  auto res = client.Get("/api/second-hotel?user=5&date=2024-10-04");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, second_hotel_json(5, 20'000, {false, "h-9", std::nullopt, true}));
  res = client.Get("/api/second-hotel?user=13");
  ASSERT_TRUE(res);
  EXPECT_EQ(std::make_pair(res->status, res->body),
            std::make_pair(503, json_error("store rocksdb:x: unreadable")));
  stop = true;
  job.join();
}

TEST(HttpSecondHotel, AJobWithoutStateSaysSo) {
  LiveView view;
  auto server = HttpServer::start({"127.0.0.1", 0}, view, {"run", "g", "t"});
  ASSERT_TRUE(server) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  auto res = client.Get("/api/second-hotel?user=1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
}

}  // namespace
}  // namespace clicklog::http
