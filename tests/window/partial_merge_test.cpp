// The engine fed mergeable per-partition partial counts (SliceCounts) gives exactly what it
// gives fed one search at a time, late searches included; and the ranking step on its own.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "window/ranking.h"
#include "window/slice_counts.h"
#include "window/top_destinations.h"
#include "window/watermark_tracker.h"

namespace clicklog::window {
namespace {

struct Search {
  int32_t partition;
  int64_t t;
  std::string dest;
};

struct Outcome {
  std::vector<WindowResult> results;
  int64_t late_partial = 0, too_late = 0;
};

std::vector<Search> random_searches(std::mt19937_64& rng, int partitions, int n, int64_t disorder) {
  std::vector<int64_t> clock(partitions, 0);
  std::vector<Search> out;
  for (int i = 0; i < n; ++i) {
    const int32_t p = static_cast<int32_t>(rng() % partitions);
    clock[p] += static_cast<int64_t>(rng() % 9);
    const int64_t back = disorder ? static_cast<int64_t>(rng() % (disorder + 1)) : 0;
    out.push_back({p, clock[p] - back, "d" + std::to_string(rng() % 12)});
  }
  return out;
}

// advance_at[i]: advance the watermark after search i.
Outcome one_by_one(const std::vector<Search>& s, const Config& c, int64_t lateness,
                   const std::vector<bool>& advance_at) {
  TopDestinations engine(c);
  WatermarkTracker wm(lateness, INT64_MAX / 2);
  for (int32_t p = 0; p < 8; ++p) wm.assign(p, 0);
  Outcome o;
  for (size_t i = 0; i < s.size(); ++i) {
    wm.observe(s[i].partition, s[i].t, 0);
    const auto r = engine.add(s[i].t, s[i].dest);
    if (r == AddOutcome::kLatePartial) ++o.late_partial;
    if (r == AddOutcome::kTooLate) ++o.too_late;
    if (advance_at[i]) {
      if (auto w = wm.watermark(0)) engine.advance(*w, o.results);
    }
  }
  engine.flush(o.results);
  return o;
}

// Per-partition partials, merged at random points and always before the engine advances.
Outcome by_partials(const std::vector<Search>& s, const Config& c, int64_t lateness,
                    const std::vector<bool>& advance_at, std::mt19937_64& rng) {
  TopDestinations engine(c);
  WatermarkTracker wm(lateness, INT64_MAX / 2);
  for (int32_t p = 0; p < 8; ++p) wm.assign(p, 0);
  std::map<int32_t, SliceCounts> partials;
  Outcome o;
  const auto merge = [&] {
    for (auto& [p, partial] : partials) {
      const auto m = engine.merge(partial);
      o.late_partial += m.late_partial;
      o.too_late += m.too_late;
      partial.clear();
    }
  };
  for (size_t i = 0; i < s.size(); ++i) {
    wm.observe(s[i].partition, s[i].t, 0);
    partials.try_emplace(s[i].partition, c.slide_ms)
        .first->second.add(s[i].t, engine.intern(s[i].dest));
    if (rng() % 5 == 0) merge();
    if (advance_at[i]) {
      merge();
      if (auto w = wm.watermark(0)) engine.advance(*w, o.results);
    }
  }
  merge();
  engine.flush(o.results);
  return o;
}

TEST(PartialMerge, EqualsAddingOneByOneLateSearchesIncluded) {
  std::mt19937_64 rng(20261201);
  int64_t late_seen = 0;
  for (int round = 0; round < 200; ++round) {
    const Config c{.window_ms = 10 * (1 + static_cast<int64_t>(rng() % 6)),
                   .slide_ms = 10,
                   .top_n = 1 + static_cast<int>(rng() % 4)};
    const int64_t lateness = static_cast<int64_t>(rng() % 30);
    // Disorder up to 3 times the lateness: some searches are late, some too late.
    const auto s = random_searches(rng, 1 + static_cast<int>(rng() % 8), 20 + rng() % 1500,
                                   3 * lateness + static_cast<int64_t>(rng() % 20));
    std::vector<bool> advance_at(s.size());
    const int every = 1 + static_cast<int>(rng() % 40);
    for (auto&& a : advance_at) a = rng() % every == 0;
    const Outcome expected = one_by_one(s, c, lateness, advance_at);
    const Outcome got = by_partials(s, c, lateness, advance_at, rng);
    ASSERT_EQ(got.results, expected.results) << "round " << round;
    ASSERT_EQ(got.late_partial, expected.late_partial) << "round " << round;
    ASSERT_EQ(got.too_late, expected.too_late) << "round " << round;
    late_seen += expected.late_partial + expected.too_late;
  }
  EXPECT_GT(late_seen, 0) << "the rounds must exercise late searches";
}

TEST(SliceCounts, CountsBySlideAndCopiesWithoutSharingItsCache) {
  SliceCounts a(10);
  a.add(-1, 0);  // slide -1: floor division
  a.add(5, 1, 3);
  a.add(9, 1);
  SliceCounts b = a;
  b.add(9, 1);  // must land in b only
  const auto count = [](const SliceCounts& s, int64_t slide, uint32_t id) {
    int64_t n = 0;
    s.slices().at(slide).for_each([&](uint32_t k, int64_t c) { n += k == id ? c : 0; });
    return n;
  };
  EXPECT_EQ(count(a, -1, 0), 1);
  EXPECT_EQ(count(a, 0, 1), 4);
  EXPECT_EQ(count(b, 0, 1), 5);
}

TEST(Ranking, CountDescendingThenNameAscendingAtMostTopNWithoutZeros) {
  DestinationTable names;
  std::vector<int64_t> totals;
  for (const auto& [name, n] : std::vector<std::pair<std::string, int64_t>>{
           {"rome", 5}, {"oslo", 7}, {"bali", 5}, {"nice", 0}, {"lima", 1}}) {
    ASSERT_EQ(names.intern(name), totals.size());
    totals.push_back(n);
  }
  const auto r = rank_window(totals, names, 3, 100, 200);
  EXPECT_EQ(r.start_ms, 100);
  EXPECT_EQ(r.end_ms, 200);
  EXPECT_EQ(r.top, (std::vector<Entry>{{"oslo", 7}, {"bali", 5}, {"rome", 5}}));
  EXPECT_EQ(rank_window(totals, names, 10, 0, 1).top.size(), 4u) << "zeros are left out";
}

}  // namespace
}  // namespace clicklog::window
