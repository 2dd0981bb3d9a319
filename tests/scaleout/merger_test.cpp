// The merger's rules one at a time: a record applies once and in order, a window waits for every
// input partition, and a checkpoint restores or is refused whole.
#include "scaleout/merger.h"

#include <gtest/gtest.h>

namespace clicklog::scaleout {
namespace {

constexpr int64_t kSlide = 10'000;

MergerOptions two_partitions() {
  MergerOptions o;
  o.window = {60'000, kSlide, 10};
  o.lateness_ms = 0;
  o.input_partitions = 2;
  return o;
}

PartialRecord record(int32_t p, int64_t from, int64_t to, std::optional<int64_t> max_event,
                     std::vector<PartialSlice> slices = {}) {
  PartialRecord r;
  r.input_partition = p;
  r.from_offset = from;
  r.to_offset = to;
  r.slide_ms = kSlide;
  r.max_event_ms = max_event;
  r.slices = std::move(slices);
  return r;
}

TEST(Merger, AppliesEachRangeOnceAndInOrder) {
  Merger m(two_partitions());
  const auto first = record(0, 0, 10, 5'000, {{0, {{"Rome", 3}}}});
  EXPECT_EQ(m.apply(first), ApplyOutcome::kApplied);
  EXPECT_EQ(m.position(0), 10);
  EXPECT_EQ(m.apply(first), ApplyOutcome::kDuplicate);
  EXPECT_EQ(m.apply(record(0, 5, 15, 6'000, {{0, {{"Rome", 1}}}})), ApplyOutcome::kOverlap);
  EXPECT_EQ(m.apply(record(0, 11, 15, 6'000)), ApplyOutcome::kGap);
  EXPECT_EQ(m.position(0), 10);
  EXPECT_EQ(m.apply(record(0, 10, 10, 7'000)), ApplyOutcome::kApplied);  // progress only

  // Nothing is emitted before partition 1 is heard from, then the window holds 3, not 4.
  std::vector<window::WindowResult> out;
  m.advance(out);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(m.watermark());
  EXPECT_EQ(m.apply(record(1, 0, 1, 30'000)), ApplyOutcome::kApplied);
  EXPECT_EQ(m.watermark(), 7'000);
  PartialRecord ended = record(0, 10, 10, 7'000);
  ended.end_reached = true;
  ASSERT_EQ(m.apply(ended), ApplyOutcome::kApplied);
  EXPECT_EQ(m.watermark(), 30'000);  // an ended partition no longer holds it
  m.advance(out);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front().end_ms, 10'000);
  EXPECT_EQ(out.front().top, (std::vector<window::Entry>{{"Rome", 3}}));
}

TEST(Merger, RefusesForeignSlidesAndPartitions) {
  Merger m(two_partitions());
  auto r = record(0, 0, 1, 1);
  r.slide_ms = 5'000;
  EXPECT_EQ(m.apply(r), ApplyOutcome::kWrongSlide);
  EXPECT_EQ(m.apply(record(2, 0, 1, 1)), ApplyOutcome::kUnknownPartition);
  EXPECT_FALSE(m.position(0));
  EXPECT_STREQ(to_string(ApplyOutcome::kGap), "starts past the partition's position");
}

TEST(Merger, IdlePartitionsStopHoldingTheWatermark) {
  Merger m(two_partitions());
  ASSERT_EQ(m.apply(record(0, 0, 4, 50'000)), ApplyOutcome::kApplied);
  auto idle = record(1, 0, 0, std::nullopt);
  idle.idle = true;
  ASSERT_EQ(m.apply(idle), ApplyOutcome::kApplied);
  EXPECT_EQ(m.watermark(), 50'000);
  ASSERT_EQ(m.apply(record(1, 0, 1, 20'000)), ApplyOutcome::kApplied);  // active again
  EXPECT_EQ(m.watermark(), 20'000);
}

TEST(Merger, CheckpointRestoresExactlyOrNotAtAll) {
  Merger m(two_partitions());
  ASSERT_EQ(m.apply(record(0, 0, 10, 12'000, {{0, {{"Oslo", 2}}}, {1, {{"Bern", 1}}}})),
            ApplyOutcome::kApplied);
  ASSERT_EQ(m.apply(record(1, 3, 8, 15'000)), ApplyOutcome::kApplied);
  std::vector<window::WindowResult> out;
  m.advance(out);
  const std::string saved = m.save();

  Merger back(two_partitions());
  ASSERT_TRUE(back.restore(saved));
  EXPECT_EQ(back.save(), saved);
  EXPECT_EQ(back.position(1), 8);
  EXPECT_EQ(back.apply(record(1, 3, 8, 15'000)), ApplyOutcome::kDuplicate);

  for (size_t n = 0; n < saved.size(); ++n) {
    Merger torn(two_partitions());
    EXPECT_FALSE(torn.restore(saved.substr(0, n))) << n;
    EXPECT_FALSE(torn.position(0));  // unchanged
  }
  MergerOptions three = two_partitions();
  three.input_partitions = 3;
  Merger other(three);
  const auto st = other.restore(saved);
  ASSERT_FALSE(st);
  EXPECT_NE(st.message().find("saved for 2 input partitions, the topic has 3"), std::string::npos);
}

}  // namespace
}  // namespace clicklog::scaleout
