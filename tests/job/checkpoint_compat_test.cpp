// A checkpoint written before destinations were forgotten (data/checkpoint-ed72cb9.bin, by the
// code of commit ed72cb9, see data/README.md) still restores: into the engine, which sheds the
// destinations no open window holds, and into the processor; and the restored engine goes on
// to give exactly the recount of every search.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "../window/naive_recount.h"
#include "job/checkpoint_codec.h"
#include "job/processor.h"
#include "window/top_destinations.h"

namespace clicklog::job {
namespace {

using window::testing::Event;

const window::Config kConfig{.window_ms = 40, .slide_ms = 10, .top_n = 3};

// The searches the old engine was fed (data/README.md), from `first` to before `last`.
std::vector<Event> searches(int first, int last) {
  std::vector<Event> out;
  for (int i = first; i < last; ++i) {
    out.push_back({i, "churn-" + std::to_string(i / 7)});
    if (i % 3 == 0) out.push_back({i, "steady"});
  }
  return out;
}

Checkpoint old_checkpoint() {
  std::ifstream in(std::string(JOB_TEST_DATA_DIR) + "/checkpoint-ed72cb9.bin", std::ios::binary);
  EXPECT_TRUE(in) << "missing checkpoint-ed72cb9.bin";
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto c = decode_checkpoint(bytes, "checkpoint-ed72cb9.bin");
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : Checkpoint{};
}

TEST(CheckpointCompat, OldCheckpointDecodes) {
  const Checkpoint c = old_checkpoint();
  EXPECT_EQ(c.cluster_id, "cluster-1");
  EXPECT_EQ(c.topic, "clicklog");
  EXPECT_EQ(c.sequence, 7u);
  EXPECT_EQ(c.offsets, (std::map<int32_t, int64_t>{{0, 100}, {1, 100}}));
  EXPECT_EQ(c.last_emitted_end_ms, 150);
}

TEST(CheckpointCompat, OldEngineRestoresShedsTheDeadAndContinuesExactly) {
  window::TopDestinations engine(kConfig);
  ASSERT_TRUE(engine.restore(old_checkpoint().engine).ok());
  ASSERT_TRUE(engine.started());
  EXPECT_EQ(engine.next_window_end(), 160) << "windows up to 150 were emitted";

  // Alive: what the windows from 160 on hold, t >= 120, with the late search at 125.
  std::vector<Event> before = searches(0, 200);
  before.push_back({125, "late"});
  std::set<std::string> alive;
  for (const Event& e : before)
    if (e.t >= 120) alive.insert(e.dest);
  EXPECT_EQ(engine.distinct_destinations(), alive.size())
      << "the old checkpoint named 31 destinations, most of them dead";

  std::vector<window::WindowResult> got;
  for (const Event& e : searches(200, 300)) {
    ASSERT_EQ(engine.add(e.t, e.dest), window::AddOutcome::kOnTime);
  }
  engine.flush(got);
  std::vector<Event> all = before;
  for (const Event& e : searches(200, 300)) all.push_back(e);
  std::vector<window::WindowResult> want;
  for (auto& w : window::testing::naive_recount(all, kConfig))
    if (w.end_ms > 150) want.push_back(w);
  EXPECT_EQ(got, want);
}

TEST(CheckpointCompat, OldCheckpointRestoresIntoTheProcessor) {
  const Checkpoint c = old_checkpoint();
  Processor processor(ProcessorOptions{.window = kConfig, .lateness_ms = 5});
  ASSERT_TRUE(processor.restore(c.engine, c.watermarks).ok());
  processor.assign({0, 1}, 0);
  EXPECT_EQ(processor.watermark(0), 198 - 5) << "partition 0's newest event was 198";
  // Saved again, it is smaller: only the live destinations are written.
  EXPECT_LT(processor.engine().save().size(), c.engine.size());
}

}  // namespace
}  // namespace clicklog::job
