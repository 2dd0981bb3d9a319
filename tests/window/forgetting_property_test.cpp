// Property: with destinations that come and go (each searched for a short while), the engine
// still gives exactly the naive recount, and after every advance it holds exactly the
// destinations counted in an open window: never one whose counts have all left.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "naive_recount.h"
#include "window/destination_table.h"
#include "window/slice_counts.h"
#include "window/top_destinations.h"
#include "window/watermark_tracker.h"

namespace clicklog::window {
namespace {

using testing::Event;

// Interning and forgetting at random, checked against a std::map: every held name keeps its
// id, lookups still find names placed after a forgotten one, ids are reused.
TEST(DestinationTable, ForgettingKeepsTheOthersAndReusesIds) {
  std::mt19937_64 rng(3);
  DestinationTable table;
  std::map<std::string, uint32_t> held;
  size_t most = 0;
  for (int step = 0; step < 200'000; ++step) {
    // Phases of growth and of shrinking, so the slot table grows and shrinks too.
    const bool growing = (step / 20'000) % 2 == 0;
    const std::string name = "d" + std::to_string(rng() % 5000);
    if (rng() % 100 < (growing ? 70u : 30u)) {
      const bool known = held.count(name) > 0;
      bool added = false;
      const uint32_t id = table.intern(name, &added);
      ASSERT_EQ(added, !known);
      if (known) {
        ASSERT_EQ(id, held[name]) << "a held name keeps its id";
      }
      held[name] = id;
    } else if (auto it = held.find(name); it != held.end()) {
      table.forget(it->second);
      ASSERT_FALSE(table.holds(it->second));
      held.erase(it);
    }
    ASSERT_EQ(table.size(), held.size());
    most = std::max(most, held.size());
  }
  for (const auto& [name, id] : held) {
    ASSERT_TRUE(table.holds(id));
    ASSERT_EQ(table.name(id), name);
    ASSERT_EQ(table.intern(name), id);
  }
  EXPECT_EQ(table.id_bound(), most) << "ids are reused: no more than were ever held at once";
}

struct Search {
  int32_t partition;
  Event event;
};

// Destination k is searched only within [k * spacing, k * spacing + lifetime) of event time,
// and a few always: many come and go over a stream a window holds only a handful of.
std::vector<Search> churning_searches(std::mt19937_64& rng, int partitions, int n, int64_t disorder,
                                      int64_t spacing, int64_t lifetime) {
  std::vector<int64_t> clock(partitions, 0);
  std::vector<Search> out;
  for (int i = 0; i < n; ++i) {
    const auto p = static_cast<int32_t>(rng() % partitions);
    clock[p] += static_cast<int64_t>(rng() % 5);
    const int64_t back = disorder ? static_cast<int64_t>(rng() % (disorder + 1)) : 0;
    const int64_t t = clock[p] - back;
    // The destinations alive at t: k with k * spacing <= t < k * spacing + lifetime.
    const int64_t newest = std::max<int64_t>(0, floor_div(t, spacing));
    const int64_t oldest =
        std::min(newest, std::max<int64_t>(0, floor_div(t - lifetime, spacing) + 1));
    std::string dest =
        rng() % 10 == 0
            ? "steady-" + std::to_string(rng() % 3)
            : "churn-" +
                  std::to_string(oldest + static_cast<int64_t>(rng() % (newest - oldest + 1)));
    out.push_back({p, {t, std::move(dest)}});
  }
  return out;
}

// The destinations counted (not too late) with a time some open window holds.
size_t live_destinations(const std::vector<Event>& counted, const TopDestinations& engine) {
  const int64_t open_from =
      engine.started() ? engine.next_window_end() - engine.config().window_ms : INT64_MIN;
  std::set<std::string> live;
  for (const Event& e : counted)
    if (e.t >= open_from) live.insert(e.dest);
  return live.size();
}

// The job's way (job/processor.h): per-partition partials, merged before every advance.
TEST(ForgettingProperty, PartialsGiveTheRecountAndHoldOnlyTheLiveWindow) {
  std::mt19937_64 rng(20261202);
  size_t most_held = 0, distinct_seen = 0;
  for (int round = 0; round < 150; ++round) {
    const Config c{.window_ms = 10 * (1 + static_cast<int64_t>(rng() % 6)),
                   .slide_ms = 10,
                   .top_n = 1 + static_cast<int>(rng() % 4)};
    const int64_t lateness = static_cast<int64_t>(rng() % 20);
    const int partitions = 1 + static_cast<int>(rng() % 4);
    const auto s = churning_searches(rng, partitions, 200 + static_cast<int>(rng() % 2000),
                                     lateness, 1 + static_cast<int64_t>(rng() % 15),
                                     1 + static_cast<int64_t>(rng() % 40));
    TopDestinations engine(c);
    WatermarkTracker wm(lateness, INT64_MAX / 2);
    for (int32_t p = 0; p < partitions; ++p) wm.assign(p, 0);
    std::map<int32_t, SliceCounts> partials;
    std::vector<Event> counted;
    std::vector<WindowResult> results;
    const int every = 1 + static_cast<int>(rng() % 30);
    for (size_t i = 0; i < s.size(); ++i) {
      wm.observe(s[i].partition, s[i].event.t, 0);
      partials.try_emplace(s[i].partition, c.slide_ms)
          .first->second.add(s[i].event.t, engine.intern(s[i].event.dest));
      counted.push_back(s[i].event);
      if (i % every != 0) continue;
      for (auto& [p, partial] : partials) {
        const MergeOutcome m = engine.merge(partial);
        ASSERT_EQ(m.late_partial + m.too_late, 0) << "round " << round;
        partial.clear();
      }
      if (auto w = wm.watermark(0)) engine.advance(*w, results);
      ASSERT_EQ(engine.distinct_destinations(), live_destinations(counted, engine))
          << "round " << round << " after search " << i;
      most_held = std::max(most_held, engine.distinct_destinations());
    }
    for (auto& [p, partial] : partials) engine.merge(partial);
    engine.flush(results);
    ASSERT_EQ(results, testing::naive_recount(counted, c)) << "round " << round;
    EXPECT_EQ(engine.distinct_destinations(), 0u) << "a flushed engine holds nothing";
    std::set<std::string> all;
    for (const auto& e : counted) all.insert(e.dest);
    distinct_seen = std::max(distinct_seen, all.size());
  }
  EXPECT_LT(most_held * 4, distinct_seen) << "the streams must churn: few alive at once";
}

// Searches one by one with disorder beyond the lateness: too-late ones are counted nowhere and
// hold nothing; a checkpoint of the engine holds only the live destinations too.
TEST(ForgettingProperty, TooLateSearchesHoldNothingAndCheckpointsFollowTheLiveWindow) {
  std::mt19937_64 rng(14);
  int64_t too_late_seen = 0;
  for (int round = 0; round < 100; ++round) {
    const Config c{.window_ms = 40, .slide_ms = 10, .top_n = 3};
    const auto s = churning_searches(rng, 3, 1000, /*disorder*/ 120, 5, 20);
    TopDestinations engine(c);
    WatermarkTracker wm(/*lateness*/ 0, INT64_MAX / 2);
    for (int32_t p = 0; p < 3; ++p) wm.assign(p, 0);
    std::vector<Event> counted;
    std::vector<WindowResult> results;
    for (size_t i = 0; i < s.size(); ++i) {
      wm.observe(s[i].partition, s[i].event.t, 0);
      if (engine.add(s[i].event.t, s[i].event.dest) == AddOutcome::kTooLate) {
        ++too_late_seen;
      } else {
        counted.push_back(s[i].event);
      }
      if (auto w = wm.watermark(0)) engine.advance(*w, results);
      ASSERT_EQ(engine.distinct_destinations(), live_destinations(counted, engine))
          << "round " << round << " after search " << i;
    }
    TopDestinations restored(c);
    ASSERT_TRUE(restored.restore(engine.save()).ok());
    EXPECT_EQ(restored.distinct_destinations(), engine.distinct_destinations());
    std::vector<WindowResult> rest, restored_rest;
    engine.flush(rest);
    restored.flush(restored_rest);
    EXPECT_EQ(restored_rest, rest) << "round " << round;
  }
  EXPECT_GT(too_late_seen, 0) << "the rounds must exercise too-late searches";
}

}  // namespace
}  // namespace clicklog::window
