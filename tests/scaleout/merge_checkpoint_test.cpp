// The merge checkpoint's binary form: round trips, and every truncation or corruption is an
// error, never a wrong checkpoint.
#include "scaleout/merge_checkpoint.h"

#include <gtest/gtest.h>

namespace clicklog::scaleout {
namespace {

MergeCheckpoint sample() {
  MergeCheckpoint c;
  c.partials_offsets = {{0, 12}, {1, 0}, {5, 1'000'000}};
  c.merger = std::string("MG\x01\x00 state bytes", 16);
  c.done = true;
  c.input_positions = {{0, 400}, {1, 399}};
  return c;
}

TEST(MergeCheckpoint, RoundTrips) {
  auto back = decode_merge_checkpoint(encode(sample()));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, sample());
  back = decode_merge_checkpoint(encode(MergeCheckpoint{}));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, MergeCheckpoint{});
}

TEST(MergeCheckpoint, EveryTruncationIsAnError) {
  const std::string bytes = encode(sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode_merge_checkpoint(bytes.substr(0, n));
    EXPECT_FALSE(r) << "truncated to " << n;
    if (!r) {
      EXPECT_NE(r.error().message.find("merge checkpoint"), std::string::npos);
    }
  }
  EXPECT_FALSE(decode_merge_checkpoint(bytes + "x"));
}

TEST(MergeCheckpoint, CorruptBytesNeverPassSilently) {
  const std::string good = encode(sample());
  int accepted_different = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x80);
    auto r = decode_merge_checkpoint(bad);
    // Some flips land in the merger's opaque bytes or an offset's value and decode: they must
    // then differ from the original (the merger checks its own bytes on restore).
    if (r) {
      EXPECT_NE(*r, sample()) << "byte " << i;
      ++accepted_different;
    }
  }
  EXPECT_LT(accepted_different, static_cast<int>(good.size()));
}

}  // namespace
}  // namespace clicklog::scaleout
