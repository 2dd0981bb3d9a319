// Property: driving the engine with per-partition watermarks gives exactly the naive recount
// whenever every partition's disorder stays within the allowed lateness.
#include <gtest/gtest.h>

#include <random>

#include "naive_recount.h"
#include "window/watermark_tracker.h"

namespace clicklog::window {
namespace {

using testing::Event;

struct Stream {
  std::vector<std::pair<int32_t, Event>> records;  // (partition, event) in arrival order
};

// Each partition's times advance with jitter of at most max_disorder behind its maximum.
Stream make_stream(std::mt19937_64& rng, int partitions, int events, int64_t max_disorder,
                   int destinations) {
  std::vector<int64_t> clock(partitions, static_cast<int64_t>(rng() % 1000) - 500);
  Stream s;
  for (int i = 0; i < events; ++i) {
    const int32_t p = static_cast<int32_t>(rng() % partitions);
    clock[p] += static_cast<int64_t>(rng() % 7);
    const int64_t jitter = max_disorder ? static_cast<int64_t>(rng() % (max_disorder + 1)) : 0;
    // Skewed choice so that ranking and ties both occur.
    const int d = static_cast<int>((rng() % destinations) * (rng() % destinations) / destinations);
    s.records.push_back({p, {clock[p] - jitter, "d" + std::to_string(d)}});
  }
  return s;
}

struct DriveResult {
  std::vector<WindowResult> results;
  int64_t late = 0;
};

DriveResult drive(const Stream& s, const Config& c, int64_t lateness, int advance_every) {
  TopDestinations engine(c);
  WatermarkTracker wm(lateness, /*idle*/ INT64_MAX / 2);
  DriveResult run;
  int32_t max_p = 0;
  for (const auto& [p, e] : s.records) max_p = std::max(max_p, p);
  for (int32_t p = 0; p <= max_p; ++p) wm.assign(p, 0);
  int n = 0;
  for (const auto& [p, e] : s.records) {
    wm.observe(p, e.t, 0);
    if (engine.add(e.t, e.dest) != AddOutcome::kOnTime) ++run.late;
    if (++n % advance_every == 0) {
      if (auto w = wm.watermark(0)) engine.advance(*w, run.results);
    }
  }
  engine.flush(run.results);
  return run;
}

std::vector<Event> events_of(const Stream& s) {
  std::vector<Event> out;
  for (const auto& r : s.records) out.push_back(r.second);
  return out;
}

TEST(RecountProperty, ExactWhenDisorderWithinLateness) {
  std::mt19937_64 rng(20261127);
  for (int round = 0; round < 200; ++round) {
    const Config c{.window_ms = 10 * (1 + static_cast<int64_t>(rng() % 8)),
                   .slide_ms = 10,
                   .top_n = 1 + static_cast<int>(rng() % 5)};
    const int64_t lateness = static_cast<int64_t>(rng() % 40);
    const Stream s = make_stream(rng, 1 + static_cast<int>(rng() % 4), 50 + rng() % 2000, lateness,
                                 1 + static_cast<int>(rng() % 30));
    const DriveResult run = drive(s, c, lateness, 1 + static_cast<int>(rng() % 50));
    ASSERT_EQ(run.late, 0) << "round " << round;
    ASSERT_EQ(run.results, testing::naive_recount(events_of(s), c)) << "round " << round;
  }
}

TEST(RecountProperty, TooMuchDisorderIsCountedAsLateNeverOvercounted) {
  std::mt19937_64 rng(7);
  int64_t late_total = 0;
  for (int round = 0; round < 50; ++round) {
    const Config c{.window_ms = 40, .slide_ms = 10, .top_n = 100};
    const Stream s = make_stream(rng, 3, 1000, /*disorder*/ 200, 10);
    const DriveResult run = drive(s, c, /*lateness*/ 0, 1);
    late_total += run.late;
    const auto exact = testing::naive_recount(events_of(s), c);
    std::map<int64_t, const WindowResult*> by_end;
    for (const auto& r : exact) by_end[r.end_ms] = &r;
    int64_t prev_end = INT64_MIN;
    for (const auto& r : run.results) {
      ASSERT_GT(r.end_ms, prev_end) << "windows come out in increasing end";
      prev_end = r.end_ms;
      ASSERT_TRUE(by_end.count(r.end_ms));
      for (const Entry& e : r.top) {
        int64_t truth = 0;
        for (const Entry& x : by_end[r.end_ms]->top)
          if (x.destination == e.destination) truth = x.searches;
        ASSERT_LE(e.searches, truth) << "a window never counts more than really happened";
      }
    }
  }
  EXPECT_GT(late_total, 0);
}

}  // namespace
}  // namespace clicklog::window
