// A user aggregation that counts searches per destination emits exactly the built-in engine's
// windows, fed the same disordered searches and the same watermarks (late and too-late ones
// included), and goes on exactly after a save and restore at any point.
#include "lib/aggregation_windows.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "clicklog/error.h"
#include "window/top_destinations.h"

namespace clicklog {
namespace {

struct Count {
  int64_t n = 0;
  void add(const RecordView&) { ++n; }
  void merge(const Count& other) { n += other.n; }
  std::string save() const { return std::to_string(n); }
  static Count load(std::string_view s) { return {std::stoll(std::string(s))}; }
};

using Windows = std::map<int64_t, std::map<std::string, int64_t>>;  // by end

std::unique_ptr<AggregationWindows> counting(Windows& out) {
  return std::make_unique<AggregationWindows>(detail::erase(Aggregation<Count>{
      .name = "count",
      .window = std::chrono::milliseconds(40),
      .slide = std::chrono::milliseconds(10),
      .key = [](const RecordView& r) { return std::optional<std::string>(*r.destination); },
      .on_window =
          [&out](const AggregateWindow<Count>& w) {
            ASSERT_FALSE(out.count(w.end_ms)) << "window " << w.end_ms << " emitted twice";
            ASSERT_EQ(w.end_ms - w.start_ms, 40);
            for (const auto& [key, c] : w.by_key) out[w.end_ms][key] = c.n;
          }}));
}

TEST(AggregationWindows, EmitsTheBuiltInEnginesWindowsThroughASaveAndRestore) {
  for (int seed = 0; seed < 20; ++seed) {
    std::mt19937 rng(seed);
    window::TopDestinations engine({.window_ms = 40, .slide_ms = 10, .top_n = 1000});
    Windows got;
    auto user = counting(got);
    std::vector<window::WindowResult> want;
    int64_t high = 0;
    const int restore_at = static_cast<int>(rng() % 300);
    for (int i = 0; i < 300; ++i) {
      // Mostly forward with disorder, some far behind (too late), some jumps (empty windows).
      high += rng() % 7 == 0 ? static_cast<int64_t>(rng() % 60) : static_cast<int64_t>(rng() % 3);
      const int64_t t = high - static_cast<int64_t>(rng() % (rng() % 10 == 0 ? 80 : 15));
      const std::string destination = "d" + std::to_string(rng() % 5);
      engine.add(t, destination);
      TimedEvent e{.event = {.action = "search", .destination = destination}, .time_ms = t};
      user->add(e, 0, i);
      if (rng() % 5 == 0) {
        engine.advance(high - 12, want);
        user->advance(high - 12);
      }
      if (i == restore_at) {
        auto restored = counting(got);
        ASSERT_TRUE(restored->restore(user->save()).ok());
        user = std::move(restored);
      }
    }
    engine.flush(want);
    user->flush();
    Windows expected;
    for (const auto& w : want) {
      for (const auto& e : w.top) expected[w.end_ms][e.destination] = e.searches;
    }
    EXPECT_EQ(got, expected) << "seed " << seed;
  }
}

TEST(AggregationWindows, RefusesAWindowThatIsNoMultipleOfTheSlide) {
  auto make = [] {
    AggregationWindows w(detail::erase(
        Aggregation<Count>{.name = "x",
                           .window = std::chrono::milliseconds(45),
                           .slide = std::chrono::milliseconds(10),
                           .key = [](const RecordView&) { return std::optional<std::string>("k"); },
                           .on_window = {}}));
  };
  EXPECT_THROW(make(), PipelineError);
}

}  // namespace
}  // namespace clicklog
