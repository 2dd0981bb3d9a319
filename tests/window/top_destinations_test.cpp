#include "window/top_destinations.h"

#include <gtest/gtest.h>

namespace clicklog::window {
namespace {

Config small() {
  return {.window_ms = 30, .slide_ms = 10, .top_n = 2};
}

std::vector<WindowResult> advance(TopDestinations& engine, int64_t wm) {
  std::vector<WindowResult> out;
  engine.advance(wm, out);
  return out;
}

TEST(TopDestinations, ValidatesConfig) {
  EXPECT_EQ(validate(small()), "");
  EXPECT_NE(validate({.window_ms = 25, .slide_ms = 10, .top_n = 1}), "");
  EXPECT_NE(validate({.window_ms = 30, .slide_ms = 0, .top_n = 1}), "");
  EXPECT_NE(validate({.window_ms = 30, .slide_ms = 10, .top_n = 0}), "");
}

TEST(TopDestinations, WindowBoundariesAreHalfOpen) {
  TopDestinations engine(small());
  engine.add(10, "a");  // in windows ending 20, 30, 40
  engine.add(19, "b");  // in windows ending 20, 30, 40
  engine.add(20, "c");  // in windows ending 30, 40, 50
  auto out = advance(engine, 19);
  EXPECT_TRUE(out.empty()) << "window ending 20 is not complete before the watermark reaches 20";
  out = advance(engine, 20);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (WindowResult{-10, 20, {{"a", 1}, {"b", 1}}}));
  out = advance(engine, 1000);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].end_ms, 30);
  EXPECT_EQ(out[1].end_ms, 40);
  EXPECT_EQ(out[1].top, (std::vector<Entry>{{"a", 1}, {"b", 1}}));  // top 2 of three ties
  EXPECT_EQ(out[2], (WindowResult{20, 50, {{"c", 1}}}));
}

TEST(TopDestinations, RanksByCountThenBytewiseName) {
  TopDestinations engine({.window_ms = 10, .slide_ms = 10, .top_n = 3});
  for (const char* d : {"b", "a", "B", "b", "a", "\xc3\xa9", "z", "z"}) engine.add(5, d);
  const auto out = advance(engine, 10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].top, (std::vector<Entry>{{"a", 2}, {"b", 2}, {"z", 2}}));
}

TEST(TopDestinations, SkipsEmptyWindowsAcrossGaps) {
  TopDestinations engine(small());
  engine.add(0, "a");
  engine.add(1'000'000, "b");
  const auto out = advance(engine, 2'000'000);
  std::vector<int64_t> ends;
  for (const auto& r : out) ends.push_back(r.end_ms);
  EXPECT_EQ(ends, (std::vector<int64_t>{10, 20, 30, 1'000'010, 1'000'020, 1'000'030}));
}

TEST(TopDestinations, LateEventsCountInWindowsStillOpen) {
  TopDestinations engine(small());
  engine.add(25, "a");
  ASSERT_EQ(advance(engine, 40).size(), 2u);  // ends 30 and 40 emitted
  // t=15 belongs to windows ending 20, 30, 40: all emitted.
  EXPECT_EQ(engine.add(15, "late"), AddOutcome::kTooLate);
  // t=33 belongs to 40 (emitted), 50 and 60 (open).
  EXPECT_EQ(engine.add(33, "b"), AddOutcome::kLatePartial);
  EXPECT_EQ(engine.add(45, "c"), AddOutcome::kOnTime);
  const auto out = advance(engine, 60);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (WindowResult{20, 50, {{"a", 1}, {"b", 1}}}));
  EXPECT_EQ(out[1], (WindowResult{30, 60, {{"b", 1}, {"c", 1}}}));
}

TEST(TopDestinations, DisorderBeforeFirstEmissionIsNotLate) {
  TopDestinations engine(small());
  EXPECT_EQ(engine.add(100, "a"), AddOutcome::kOnTime);
  EXPECT_EQ(engine.add(5, "b"), AddOutcome::kOnTime);
  const auto out = advance(engine, 1000);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front().end_ms, 10);
}

TEST(TopDestinations, FlushEmitsEveryWindowHoldingData) {
  TopDestinations engine(small());
  engine.add(-5, "neg");
  engine.add(7, "a");
  std::vector<WindowResult> out;
  engine.flush(out);
  std::vector<int64_t> ends;
  for (const auto& r : out) ends.push_back(r.end_ms);
  EXPECT_EQ(ends, (std::vector<int64_t>{0, 10, 20, 30}));
  EXPECT_EQ(engine.open_buckets(), 0u);
  out.clear();
  engine.flush(out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace clicklog::window
