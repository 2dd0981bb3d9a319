// Checkpoints of the window engine and the watermark tracker: round trips, refusals of foreign or
// corrupt state, and the property the job's crash recovery rests on: an engine restored from a
// checkpoint and fed the records after it behaves exactly as one never interrupted, and both
// equal the naive recount.
#include <gtest/gtest.h>

#include <random>

#include "naive_recount.h"
#include "window/top_destinations.h"
#include "window/watermark_tracker.h"

namespace clicklog::window {
namespace {

using testing::Event;

Config small() {
  return {.window_ms = 30, .slide_ms = 10, .top_n = 3};
}

std::vector<WindowResult> flushed(TopDestinations& engine) {
  std::vector<WindowResult> out;
  engine.flush(out);
  return out;
}

TEST(Checkpoint, EngineRoundTripBehavesTheSame) {
  TopDestinations engine(small());
  for (int64_t t : {3, 5, 12, 18, 25, 31, 44}) engine.add(t, t % 2 ? "odd" : "even");
  std::vector<WindowResult> before;
  engine.advance(20, before);
  ASSERT_FALSE(before.empty());
  engine.add(15, "late");  // a partially late search: in the running totals too

  TopDestinations restored(small());
  ASSERT_TRUE(restored.restore(engine.save()).ok());
  EXPECT_EQ(restored.next_window_end(), engine.next_window_end());
  EXPECT_EQ(restored.distinct_destinations(), engine.distinct_destinations());
  EXPECT_EQ(restored.add(4, "x"), engine.add(4, "x")) << "too late in both";
  EXPECT_EQ(flushed(restored), flushed(engine));
}

TEST(Checkpoint, EmptyEngineRoundTrips) {
  TopDestinations engine(small()), restored(small());
  ASSERT_TRUE(restored.restore(engine.save()).ok());
  restored.add(7, "a");
  engine.add(7, "a");
  EXPECT_EQ(flushed(restored), flushed(engine));
}

TEST(Checkpoint, RefusesOtherWindowOrSlideAndOtherKinds) {
  TopDestinations engine(small());
  engine.add(1, "a");
  TopDestinations wider({.window_ms = 60, .slide_ms = 10, .top_n = 3});
  const Status st = wider.restore(engine.save());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("--window"), std::string::npos) << st.message();
  WatermarkTracker wm(0, 100);
  EXPECT_FALSE(wm.restore(engine.save()).ok());
  EXPECT_FALSE(engine.restore(wm.save()).ok());
}

TEST(Checkpoint, TruncatedOrCorruptStateIsAnErrorAndChangesNothing) {
  TopDestinations engine(small());
  for (int i = 0; i < 50; ++i) engine.add(i, "d" + std::to_string(i % 7));
  std::vector<WindowResult> ignored;
  engine.advance(25, ignored);
  const std::string saved = engine.save();
  for (size_t n = 0; n < saved.size(); ++n) {
    TopDestinations target(small());
    target.add(1000, "kept");
    ASSERT_FALSE(target.restore(saved.substr(0, n)).ok()) << "prefix of " << n << " bytes";
    ASSERT_EQ(target.distinct_destinations(), 1u);
  }
  ASSERT_FALSE(TopDestinations(small()).restore(saved + "x").ok());
  std::mt19937_64 rng(5);
  for (int round = 0; round < 2000; ++round) {  // any outcome but a crash or a bad state
    std::string bad = saved;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    TopDestinations target(small());
    if (target.restore(bad).ok()) (void)flushed(target);
  }
}

TEST(Checkpoint, WatermarkTrackerKeepsProgressAndWaitsForAssignment) {
  WatermarkTracker wm(5, 1000);
  wm.assign(0, 0), wm.assign(1, 0), wm.assign(2, 0);
  wm.observe(0, 100, 0), wm.observe(1, 80, 0);
  WatermarkTracker restored(5, 1000);
  ASSERT_TRUE(restored.restore(wm.save()).ok());
  EXPECT_EQ(restored.watermark(0), std::nullopt) << "nothing assigned yet";
  restored.assign(0, 50), restored.assign(1, 50);
  EXPECT_EQ(restored.watermark(60), 75) << "the saved progress of partitions 0 and 1";
  restored.assign(2, 50);
  EXPECT_EQ(restored.watermark(60), std::nullopt) << "partition 2 had told us nothing";
  EXPECT_EQ(restored.watermark(1050), 95) << "until its idle timeout, counted from assignment";
  std::string saved = wm.save();
  for (size_t n = 0; n < saved.size(); ++n)
    EXPECT_FALSE(WatermarkTracker(0, 1).restore(saved.substr(0, n)).ok());
}

// --- The property: interrupted at random points, restored, continued: nothing changes. ---

struct Record {
  int32_t partition;
  Event event;
};

std::vector<Record> make_stream(std::mt19937_64& rng, int partitions, int events,
                                int64_t disorder) {
  std::vector<int64_t> clock(partitions, static_cast<int64_t>(rng() % 1000));
  std::vector<Record> out;
  for (int i = 0; i < events; ++i) {
    const auto p = static_cast<int32_t>(rng() % partitions);
    clock[p] += static_cast<int64_t>(rng() % 7);
    const int64_t jitter = disorder ? static_cast<int64_t>(rng() % (disorder + 1)) : 0;
    const int d = static_cast<int>((rng() % 20) * (rng() % 20) / 20);
    out.push_back({p, {clock[p] - jitter, "d" + std::to_string(d)}});
  }
  return out;
}

// The job's view: an engine and a tracker, advanced every few records, saved and restored as one.
struct Job {
  Job(const Config& c, int64_t lateness, int partitions) : engine(c), wm(lateness, INT64_MAX / 2) {
    for (int32_t p = 0; p < partitions; ++p) wm.assign(p, 0);
  }
  void feed(const Record& r, bool advance, std::vector<WindowResult>& out) {
    wm.observe(r.partition, r.event.t, 0);
    engine.add(r.event.t, r.event.dest);
    if (auto w = wm.watermark(0); w && advance) engine.advance(*w, out);
  }
  std::pair<std::string, std::string> save() const { return {engine.save(), wm.save()}; }
  void restore(const std::pair<std::string, std::string>& saved, int partitions) {
    ASSERT_TRUE(engine.restore(saved.first).ok());
    ASSERT_TRUE(wm.restore(saved.second).ok());
    for (int32_t p = 0; p < partitions; ++p) wm.assign(p, 0);
  }
  TopDestinations engine;
  WatermarkTracker wm;
};

TEST(CheckpointProperty, CrashesAndRestartsChangeNoResult) {
  std::mt19937_64 rng(20261128);
  for (int round = 0; round < 150; ++round) {
    const Config c{.window_ms = 10 * (1 + static_cast<int64_t>(rng() % 8)),
                   .slide_ms = 10,
                   .top_n = 1 + static_cast<int>(rng() % 5)};
    const int64_t lateness = static_cast<int64_t>(rng() % 30);
    const int partitions = 1 + static_cast<int>(rng() % 4);
    const auto stream =
        make_stream(rng, partitions, 100 + static_cast<int>(rng() % 1500), lateness);
    const int every = 1 + static_cast<int>(rng() % 20);

    std::vector<WindowResult> uninterrupted;
    Job straight(c, lateness, partitions);
    for (size_t i = 0; i < stream.size(); ++i)
      straight.feed(stream[i], i % every == 0, uninterrupted);
    straight.engine.flush(uninterrupted);
    std::vector<Event> events;
    for (const auto& r : stream) events.push_back(r.event);
    ASSERT_EQ(uninterrupted, testing::naive_recount(events, c)) << "round " << round;

    // Checkpoint now and then; crash now and then (back to the last checkpoint, in a new
    // process: a fresh engine and tracker). Windows emitted after a checkpoint are emitted again
    // after the crash: they must be identical; the union must be the uninterrupted run.
    auto job = std::make_unique<Job>(c, lateness, partitions);
    auto checkpoint = job->save();
    size_t checkpoint_at = 0;
    std::vector<WindowResult> emitted;  // what a reader sees, duplicates removed by window end
    std::map<int64_t, WindowResult> by_end;
    int crashes = 0;
    for (size_t i = 0; i < stream.size();) {
      std::vector<WindowResult> out;
      job->feed(stream[i], i % every == 0, out);
      for (auto& w : out) {
        auto [it, fresh] = by_end.emplace(w.end_ms, w);
        ASSERT_TRUE(fresh || it->second == w)
            << "round " << round << ": window re-emitted differently";
        if (fresh) emitted.push_back(w);
      }
      ++i;
      if (rng() % 40 == 0) {
        checkpoint = job->save(), checkpoint_at = i;
      } else if (rng() % 60 == 0) {
        job = std::make_unique<Job>(c, lateness, partitions);
        job->restore(checkpoint, partitions);
        i = checkpoint_at, ++crashes;
      }
    }
    std::vector<WindowResult> tail;
    job->engine.flush(tail);
    for (auto& w : tail) {
      ASSERT_TRUE(by_end.emplace(w.end_ms, w).second) << "flush repeated an emitted window";
      emitted.push_back(w);
    }
    ASSERT_EQ(emitted, uninterrupted) << "round " << round << " after " << crashes << " crashes";
  }
}

}  // namespace
}  // namespace clicklog::window
