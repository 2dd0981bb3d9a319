// The partial record's binary form: round trips, and every truncation or corruption is an error
// with a reason, never a wrong record.
#include "scaleout/partial_record.h"

#include <gtest/gtest.h>

#include <random>

namespace clicklog::scaleout {
namespace {

PartialRecord sample() {
  PartialRecord r;
  r.input_partition = 3;
  r.from_offset = 100;
  r.to_offset = 250;
  r.slide_ms = 10'000;
  r.max_event_ms = 1'700'000'123'456;
  r.end_reached = true;
  r.slices = {{170'000'012, {{"Lisbon", 4}, {"Paris", 1}}}, {170'000'013, {{"Zürich 🏔", 2}}}};
  return r;
}

TEST(PartialRecord, RoundTrips) {
  const PartialRecord r = sample();
  auto back = decode_partial(encode(r));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, r);

  PartialRecord progress_only;
  progress_only.slide_ms = 10'000;
  progress_only.idle = true;
  back = decode_partial(encode(progress_only));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, progress_only);
  EXPECT_FALSE(back->max_event_ms);
}

TEST(PartialRecord, EveryTruncationIsAnError) {
  const std::string bytes = encode(sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_partial(bytes.substr(0, n))) << "prefix of " << n << " bytes";
  }
  EXPECT_FALSE(decode_partial(bytes + '\0'));
}

TEST(PartialRecord, RejectsWhatNoMemberWrites) {
  EXPECT_NE(decode_partial("XX\x01").error().message.find("not a clicklog partial"),
            std::string::npos);
  std::string bytes = encode(sample());
  bytes[2] = 9;
  EXPECT_NE(decode_partial(bytes).error().message.find("unsupported version 9"), std::string::npos);

  PartialRecord backwards = sample();
  backwards.to_offset = backwards.from_offset - 1;
  EXPECT_FALSE(decode_partial(encode(backwards)));
  PartialRecord unordered = sample();
  std::swap(unordered.slices[0], unordered.slices[1]);
  EXPECT_FALSE(decode_partial(encode(unordered)));
  PartialRecord zero = sample();
  zero.slices[0].counts[0].second = 0;
  EXPECT_FALSE(decode_partial(encode(zero)));
  PartialRecord empty_slice = sample();
  empty_slice.slices[0].counts.clear();
  EXPECT_FALSE(decode_partial(encode(empty_slice)));
  // One input record is at most one search.
  PartialRecord more_searches_than_records = sample();
  more_searches_than_records.to_offset = more_searches_than_records.from_offset + 6;
  EXPECT_FALSE(decode_partial(encode(more_searches_than_records)));
  more_searches_than_records.to_offset += 1;
  EXPECT_TRUE(decode_partial(encode(more_searches_than_records)));
  PartialRecord from_2099_centuries = sample();
  from_2099_centuries.slices[1].index = (int64_t{1} << 50) / 10'000 + 1;
  EXPECT_NE(decode_partial(encode(from_2099_centuries)).error().message.find("out of range"),
            std::string::npos);
}

TEST(PartialRecord, RandomCorruptionsNeverCrash) {
  const std::string bytes = encode(sample());
  std::mt19937_64 rng(7);
  int decoded = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string b = bytes;
    b[rng() % b.size()] = static_cast<char>(rng());
    if (auto r = decode_partial(b)) {
      ++decoded;
      EXPECT_EQ(decode_partial(encode(*r)).value(), *r);  // what decodes is a record
    }
  }
  EXPECT_LT(decoded, 20'000);
}

}  // namespace
}  // namespace clicklog::scaleout
