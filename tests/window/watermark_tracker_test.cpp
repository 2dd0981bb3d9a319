#include "window/watermark_tracker.h"

#include <gtest/gtest.h>

namespace clicklog::window {

TEST(WatermarkTracker, MinimumOverActivePartitionsMinusLateness) {
  WatermarkTracker wm(/*lateness*/ 5, /*idle*/ 1000);
  wm.assign(0, 0);
  wm.assign(1, 0);
  wm.observe(0, 100, 1);
  EXPECT_EQ(wm.watermark(1), std::nullopt) << "partition 1 has told us nothing yet";
  wm.observe(1, 50, 2);
  EXPECT_EQ(wm.watermark(2), 45);
  wm.observe(1, 40, 3);  // disorder never moves it back
  EXPECT_EQ(wm.watermark(3), 45);
  wm.observe(1, 200, 4);
  EXPECT_EQ(wm.watermark(4), 95);
}

TEST(WatermarkTracker, IdlePartitionStopsHoldingBack) {
  WatermarkTracker wm(0, 1000);
  wm.assign(0, 0);
  wm.assign(1, 0);
  wm.observe(0, 100, 10);
  EXPECT_EQ(wm.watermark(999), std::nullopt);
  EXPECT_EQ(wm.watermark(1000), 100) << "partition 1 silent for the idle timeout";
  wm.observe(0, 300, 1500);
  wm.observe(1, 120, 1600);
  EXPECT_EQ(wm.watermark(1600), 120) << "data makes partition 1 active again";
  EXPECT_EQ(wm.watermark(5000), 300) << "all idle: the furthest progress counts";
}

TEST(WatermarkTracker, FinishedAndRevokedPartitions) {
  WatermarkTracker wm(0, 1'000'000);
  wm.assign(0, 0);
  wm.assign(1, 0);
  wm.observe(0, 100, 0);
  wm.observe(1, 10, 0);
  EXPECT_EQ(wm.watermark(0), 10);
  wm.finish(1);
  EXPECT_EQ(wm.watermark(0), 100);
  wm.revoke(0);
  EXPECT_EQ(wm.watermark(0), 10) << "only the finished partition is left";
}

}  // namespace clicklog::window
