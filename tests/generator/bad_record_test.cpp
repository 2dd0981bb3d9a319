#include "generator/bad_record.h"

#include <gtest/gtest.h>

#include <set>
#include <span>

#include "avro/codec.h"
#include "event/classify.h"
#include "event/event_time.h"

namespace clicklog::generator {
namespace {

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::optional<std::string_view> reason(const std::string& value) {
  TimedEvent out;
  EventTimeParser times;
  return decode_timed(bytes(value), avro::Framing::kSingleObject, out, times);
}

TEST(BadRecord, EveryKindIsRejectedForItsOwnReason) {
  Rng rng(21);
  for (BadRecordKind kind : all_bad_record_kinds()) {
    for (int i = 0; i < 500; ++i) {
      const std::string value = make_bad_record(rng, kind);
      const auto why = reason(value);
      ASSERT_TRUE(why.has_value()) << to_string(kind) << " accepted";
      if (kind != BadRecordKind::kGarbage) {
        ASSERT_EQ(*why, to_string(kind));
      }
    }
  }
}

TEST(BadRecord, FramingDefectsAreTheOnlyDefect) {
  Rng rng(22);
  for (int i = 0; i < 200; ++i) {
    std::string magic = make_bad_record(rng, BadRecordKind::kBadMagic);
    magic[0] = static_cast<char>(0xC3), magic[1] = 0x01;
    EXPECT_FALSE(reason(magic).has_value());

    std::string trailing = make_bad_record(rng, BadRecordKind::kTrailingBytes);
    bool some_prefix_is_good = false;
    for (size_t cut = 1; cut <= 8 && cut < trailing.size(); ++cut) {
      some_prefix_is_good |= !reason(trailing.substr(0, trailing.size() - cut)).has_value();
    }
    EXPECT_TRUE(some_prefix_is_good);
  }
}

TEST(BadRecord, TruncationCoversShortAndLongCuts) {
  Rng rng(23);
  std::set<size_t> lengths;
  for (int i = 0; i < 500; ++i) {
    lengths.insert(make_bad_record(rng, BadRecordKind::kTruncated).size());
  }
  EXPECT_LT(*lengths.begin(), 10u);   // inside the header
  EXPECT_GT(*lengths.rbegin(), 30u);  // inside the body
}

TEST(BadRecord, BadTimesDecodeButDoNotParse) {
  for (std::string_view t : bad_times()) EXPECT_FALSE(parse_event_time(t).has_value()) << t;
  Rng rng(24);
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    const std::string value = make_bad_record(rng, BadRecordKind::kBadTime);
    ClickLogView view;
    ASSERT_FALSE(avro::decode(bytes(value), avro::Framing::kSingleObject, view).has_value());
    ASSERT_TRUE(view.time.has_value());
    ASSERT_TRUE(view.user_id && view.action && view.destination);
    seen.emplace(*view.time);
  }
  EXPECT_EQ(seen.size(), bad_times().size());
}

TEST(BadRecord, SameSeedSameBytes) {
  Rng a(25), b(25);
  for (BadRecordKind kind : all_bad_record_kinds()) {
    for (int i = 0; i < 20; ++i) ASSERT_EQ(make_bad_record(a, kind), make_bad_record(b, kind));
  }
}

}  // namespace
}  // namespace clicklog::generator
