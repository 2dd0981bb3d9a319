// One destination's history: the held windows of the last H hours where it is in the top,
// oldest first, with its rank; the route decodes the name and refuses bad hours.
#include "http/destination_history.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "http/http_server.h"
#include "http/reply.h"

namespace clicklog::http {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
// 2026-12-02T00:00:00Z
constexpr int64_t kStart = 1'796'169'600'000;

WindowCounts window_at(int64_t end_ms, std::vector<std::pair<std::string, int64_t>> top) {
  return {end_ms - 10 * kMinute, end_ms, std::move(top)};
}

TEST(HttpDestinationHistory, TheWindowsWhereItRanksOldestFirst) {
  LiveView view;
  view.publish("a", window_at(kStart, {{"paris", 5}, {"rome", 3}}));
  view.publish("b", window_at(kStart + kMinute, {{"rome", 4}}));  // paris below the top
  view.publish("c", window_at(kStart + 2 * kMinute, {{"rome", 9}, {"paris", 7}}));
  EXPECT_EQ(view.destination_history("paris", kHour),
            (std::vector<DestinationPoint>{{kStart - 10 * kMinute, kStart, 1, 5},
                                           {kStart - 8 * kMinute, kStart + 2 * kMinute, 2, 7}}));
  EXPECT_TRUE(view.destination_history("nowhere", kHour).empty());
  EXPECT_TRUE(view.destination_history("Paris", kHour).empty());  // names are exact bytes
}

TEST(HttpDestinationHistory, OnlyTheSpanBeforeTheNewestWindow) {
  LiveView view;
  for (int i = 0; i <= 180; ++i) view.publish("w", window_at(kStart + i * kMinute, {{"oslo", i}}));
  const auto hour = view.destination_history("oslo", kHour);
  ASSERT_EQ(hour.size(), 60u);  // ends in (newest - 1 h, newest]
  EXPECT_EQ(hour.front().searches, 121);
  EXPECT_EQ(hour.back().searches, 180);
  EXPECT_EQ(view.destination_history("oslo", 6 * kHour).size(), 181u);
}

TEST(HttpDestinationHistory, HoldsOnlyItsHistoryOfWindows) {
  LiveView view(/*keep=*/2, /*per_client=*/4, /*history=*/3);
  for (int i = 0; i < 10; ++i) view.publish("w", window_at(kStart + i * kMinute, {{"oslo", i}}));
  const auto held = view.destination_history("oslo", 6 * kHour);
  ASSERT_EQ(held.size(), 3u);
  EXPECT_EQ(held.front().searches, 7);
  EXPECT_EQ(view.last(10).size(), 2u);
}

TEST(HttpDestinationHistory, AsJson) {
  LiveView view;
  view.publish("w", window_at(kStart, {{"a\"b", 5}}));
  EXPECT_EQ(destination_history_json(view, "a\"b", 1),
            R"({"destination":"a\"b","hours":1,"windows":[{"window_start":"2026-12-01T23:50:00Z",)"
            R"("window_end":"2026-12-02T00:00:00Z","rank":1,"searches":5}]})"
            "\n");
  EXPECT_EQ(destination_history_json(view, "x", 6),
            "{\"destination\":\"x\",\"hours\":6,\"windows\":[]}\n");
}

TEST(HttpDestinationHistory, TheRouteDecodesNamesAndRefusesBadHours) {
  LiveView view;
  const std::string hostile = "<img src=x onerror=alert(1)>";
  view.publish("w", window_at(kStart, {{hostile, 3}, {"a/b c", 2}, {"a+b", 1}}));
  auto server = HttpServer::start({"127.0.0.1", 0}, view, {"run", "g", "t"});
  ASSERT_TRUE(server) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  const auto get = [&](const std::string& path) {
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
  };
  EXPECT_EQ(get("/api/destinations/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E").second,
            destination_history_json(view, hostile, 1));
  EXPECT_EQ(get("/api/destinations/a%2Fb%20c?hours=2").second,
            destination_history_json(view, "a/b c", 2));
  EXPECT_EQ(get("/api/destinations/a+b").second, destination_history_json(view, "a+b", 1));
  EXPECT_EQ(get("/api/destinations/unknown").second, destination_history_json(view, "unknown", 1));
  for (const char* hours : {"0", "7", "x", "", "1.5", "-1"}) {
    EXPECT_EQ(get(std::string("/api/destinations/paris?hours=") + hours),
              std::make_pair(400, json_error(whole_number_error("hours", 1, 6, hours))));
  }
  EXPECT_EQ(get("/api/destinations/").first, 400);
}

TEST(HttpReply, WholeNumbersAndDates) {
  EXPECT_EQ(parse_whole_number("42", 1, 100), 42);
  for (const char* bad : {"", "0", "101", "4x", " 4", "+4", "1e2"}) {
    EXPECT_EQ(parse_whole_number(bad, 1, 100), std::nullopt) << bad;
  }
  EXPECT_EQ(parse_date("1970-01-02"), 1);
  EXPECT_EQ(parse_date("2026-12-02"), kStart / (24 * kHour));
  EXPECT_EQ(parse_date("2024-02-29"), 19782);
  for (const char* bad : {"", "2026-02-30", "2026-2-03", "2026-13-01", "2026-12-00", "20261202",
                          "2026-12-02T", "yesterday", "2026/12/02"}) {
    EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace clicklog::http
