// The guards of the processor (CONTRACT.md section 5, issue 14): a record timed too far ahead of
// the wall clock, or with an over-long destination or hotel, is a bad record with its own
// reason; it moves no watermark, counts nowhere and reaches no observer (the second-hotel
// state), while the records around it are counted as if it had never been sent.
#include <gtest/gtest.h>

#include "avro/codec.h"
#include "common/time_format.h"
#include "event/event_time.h"
#include "job/processor.h"

namespace clicklog::job {
namespace {

constexpr int64_t kMinute = 60'000;
const int64_t kNow = *parse_event_time("2026-12-02T03:00:00Z");  // the wall clock of the tests

std::string value(const std::string& time, const std::string& action, const std::string& dest,
                  const std::string& hotel = "") {
  ClickLog e{.user_id = 7, .time = time, .action = action, .destination = dest};
  if (!hotel.empty()) e.hotel = hotel;
  std::string out;
  avro::encode(e, avro::Framing::kSingleObject, out);
  return out;
}

struct Harness {
  explicit Harness(RecordGuards guards = {})
      : processor(ProcessorOptions{.window = {.window_ms = 10 * kMinute, .slide_ms = 10'000},
                                   .lateness_ms = 0,
                                   .guards = guards}) {
    processor.assign({0}, 0);
    processor.set_observer([this](const TimedEvent&, int32_t, int64_t) { ++observed; });
  }
  std::optional<std::string> send(const std::string& v) {
    const auto bytes = std::span(reinterpret_cast<const uint8_t*>(v.data()), v.size());
    const auto reason = processor.process(0, offset++, bytes, 0, kNow);
    return reason ? std::optional<std::string>(*reason) : std::nullopt;
  }
  Processor processor;
  int64_t offset = 0;
  int observed = 0;
};

TEST(ProcessorGuards, AFutureRecordIsBadAndMovesNoWatermark) {
  Harness h;
  EXPECT_EQ(h.send(value("2026-12-02T02:59:00Z", "search", "paris")), std::nullopt);
  const auto before = h.processor.watermark(0);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(h.send(value("2099-01-01T00:00:00Z", "search", "paris")), "future_time");
  EXPECT_EQ(h.send(value("2099-01-01T00:00:00Z", "click", "paris", "h-1")), "future_time");
  EXPECT_EQ(h.processor.watermark(0), before) << "the 2099 records moved the watermark";
  EXPECT_EQ(h.observed, 1) << "a future click reaches no second-hotel state";

  // The next real searches are on time, and the windows are theirs alone.
  for (int s = 1; s <= 30; ++s) {
    const std::string t = format_rfc3339_utc(kNow - kMinute + s * 1000);
    EXPECT_EQ(h.send(value(t, "search", s % 2 ? "rome" : "oslo")), std::nullopt);
  }
  std::vector<window::WindowResult> out;
  h.processor.advance(0, out);
  h.processor.flush(out);
  ASSERT_FALSE(out.empty());
  EXPECT_LE(out.back().end_ms, kNow + 10 * kMinute) << "no window near 2099";
  int64_t most = 0;
  for (const auto& w : out) {
    int64_t n = 0;
    for (const auto& e : w.top) n += e.searches;
    most = std::max(most, n);
  }
  EXPECT_EQ(most, 31) << "every good search in the window holding them all, none late";
}

TEST(ProcessorGuards, TheCeilingIsMaxFutureAheadOfTheWallClock) {
  Harness h(RecordGuards{.max_future_ms = 2 * kMinute});
  EXPECT_EQ(h.send(value(format_rfc3339_utc_ms(kNow + 2 * kMinute), "search", "a")), std::nullopt);
  EXPECT_EQ(h.send(value(format_rfc3339_utc_ms(kNow + 2 * kMinute + 1), "search", "a")),
            "future_time");
  EXPECT_EQ(h.send(value("2026-11-01T00:00:00Z", "search", "a")), std::nullopt)
      << "a replay of past data is unaffected";
}

TEST(ProcessorGuards, MaxFutureZeroTurnsTheCeilingOff) {
  Harness h(RecordGuards{.max_future_ms = 0});
  EXPECT_EQ(h.send(value("2099-01-01T00:00:00Z", "search", "paris")), std::nullopt);
  EXPECT_EQ(h.processor.watermark(0), *parse_event_time("2099-01-01T00:00:00Z"));
}

TEST(ProcessorGuards, OverLongDestinationOrHotelIsBad) {
  Harness h(RecordGuards{.max_field_bytes = 16});
  const std::string t = "2026-12-02T02:59:00Z";
  EXPECT_EQ(h.send(value(t, "search", std::string(16, 'd'))), std::nullopt);
  EXPECT_EQ(h.send(value(t, "search", std::string(17, 'd'))), "field_too_long");
  EXPECT_EQ(h.send(value(t, "click", "d", std::string(16, 'h'))), std::nullopt);
  EXPECT_EQ(h.send(value(t, "click", "d", std::string(17, 'h'))), "field_too_long");
  EXPECT_EQ(h.observed, 2);
  Harness unlimited(RecordGuards{.max_field_bytes = 0});
  EXPECT_EQ(unlimited.send(value(t, "search", std::string(1 << 20, 'd'))), std::nullopt);
}

TEST(ProcessorGuards, DefaultsAreTwoMinutesAndOneKibibyte) {
  EXPECT_EQ(RecordGuards{}.max_future_ms, 2 * kMinute);
  EXPECT_EQ(RecordGuards{}.max_field_bytes, 1024u);
}

}  // namespace
}  // namespace clicklog::job
