#include "scaleout/partial_record.h"

#include "window/state_codec.h"

namespace clicklog::scaleout {
namespace {

// Version 1: "PR" u8 version | i32 partition | i64 from | i64 to | i64 slide_ms
//   | u8 flags (1: has max event, 2: idle, 4: end reached) | i64 max_event_ms
//   | u32 slices, each: i64 index | u32 counts, each: str destination | i64 searches
constexpr uint8_t kVersion = 1;
constexpr uint8_t kHasMax = 1, kIdle = 2, kEnd = 4;
// 2^50 ms, about 35,000 years either side of 1970: every time a ClickLog can carry, and far
// from int64 overflow once windows are added to it.
constexpr int64_t kMaxTimeMs = int64_t{1} << 50;
// Kafka offsets are int64; 2^62 leaves sums of counts bounded by offsets room in an int64.
constexpr int64_t kMaxOffset = int64_t{1} << 62;

}  // namespace

std::string encode(const PartialRecord& r) {
  std::string out;
  window::StateWriter w(out);
  w.u8('P'), w.u8('R'), w.u8(kVersion);
  w.i32(r.input_partition), w.i64(r.from_offset), w.i64(r.to_offset), w.i64(r.slide_ms);
  const uint8_t flags = static_cast<uint8_t>((r.max_event_ms ? kHasMax : 0) | (r.idle ? kIdle : 0) |
                                             (r.end_reached ? kEnd : 0));
  w.u8(flags), w.i64(r.max_event_ms.value_or(0));
  w.u32(static_cast<uint32_t>(r.slices.size()));
  for (const PartialSlice& s : r.slices) {
    w.i64(s.index);
    w.u32(static_cast<uint32_t>(s.counts.size()));
    for (const auto& [name, n] : s.counts) w.str(name), w.i64(n);
  }
  return out;
}

Result<PartialRecord> decode_partial(std::string_view bytes) {
  window::StateReader r(bytes);
  if (r.u8() != 'P' || r.u8() != 'R') return Error{"partial record: not a clicklog partial"};
  if (const uint8_t v = r.u8(); v != kVersion) {
    return Error{"partial record: unsupported version " + std::to_string(v)};
  }
  PartialRecord out;
  out.input_partition = r.i32();
  out.from_offset = r.i64();
  out.to_offset = r.i64();
  out.slide_ms = r.i64();
  const uint8_t flags = r.u8();
  const int64_t max_event_ms = r.i64();
  if (flags & kHasMax) out.max_event_ms = max_event_ms;
  out.idle = flags & kIdle;
  out.end_reached = flags & kEnd;
  // Each input record is at most one search: the counts of [from, to) sum to at most to - from
  // (which also keeps every later sum of counts far from overflow).
  const int64_t covered = out.from_offset >= 0 && out.to_offset >= out.from_offset
                              ? out.to_offset - out.from_offset
                              : -1;
  int64_t searches = 0;
  const uint32_t slices = r.count(12);
  for (uint32_t i = 0; i < slices && r.ok(); ++i) {
    PartialSlice& s = out.slices.emplace_back();
    s.index = r.i64();
    if (i > 0 && s.index <= out.slices[i - 1].index) r.fail();
    const uint32_t counts = r.count(12);
    if (counts == 0) r.fail();  // members write only slices that counted something
    for (uint32_t j = 0; j < counts && r.ok(); ++j) {
      const std::string_view name = r.str();
      const int64_t n = r.i64();
      if (n <= 0 || n > covered - searches) {
        r.fail();
        break;
      }
      searches += n;
      s.counts.emplace_back(std::string(name), n);
    }
  }
  if (!r.at_end() || (flags & ~(kHasMax | kIdle | kEnd)) != 0) {
    return Error{"partial record: truncated or corrupt"};
  }
  if (out.input_partition < 0 || out.from_offset < 0 || out.to_offset < out.from_offset ||
      out.to_offset > kMaxOffset || out.slide_ms <= 0 || out.slide_ms > kMaxTimeMs) {
    return Error{"partial record: impossible partition, offsets or slide"};
  }
  // Times far enough from overflow that the window engine's arithmetic on them stays exact.
  const int64_t max_index = kMaxTimeMs / out.slide_ms;
  const bool times_ok = (!out.max_event_ms ||
                         (*out.max_event_ms >= -kMaxTimeMs && *out.max_event_ms <= kMaxTimeMs)) &&
                        (out.slices.empty() || (out.slices.front().index >= -max_index &&
                                                out.slices.back().index <= max_index));
  if (!times_ok) return Error{"partial record: event time out of range"};
  return out;
}

}  // namespace clicklog::scaleout
