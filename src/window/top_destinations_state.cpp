// The checkpoint form of TopDestinations, version 1 (little-endian, see state_codec.h):
//   "TD" u8 version | i64 window_ms | i64 slide_ms | u8 started | i64 lo | i64 hi
//   | u32 names, each a u32-length string, in id order
//   | u32 buckets, each: i64 index | u32 entries, each: u32 id | i64 count
// The running totals are not saved: they are the sum of the buckets in (lo, hi), rebuilt here.
// Since destinations are forgotten (issue 14) the layout is the same but a save holds only the
// names some bucket counts, renumbered densely, and no bucket at lo. One saved before may hold
// both: restore drops them, so an old checkpoint sheds the destinations of all time, and an
// older build still reads a new one. Ids are the engine's own business: renumbering them
// changes no result.
#include <fmt/format.h>

#include "window/state_codec.h"
#include "window/top_destinations.h"

namespace clicklog::window {
namespace {
constexpr uint8_t kVersion = 1;
}

std::string TopDestinations::save() const {
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> saved_id(names_.id_bound(), kNone);
  uint32_t held = 0;
  for (uint32_t id = 0; id < names_.id_bound(); ++id) {
    if (names_.holds(id) && buckets_holding_[id] > 0) saved_id[id] = held++;
  }
  std::string out;
  StateWriter w(out);
  w.u8('T'), w.u8('D'), w.u8(kVersion);
  w.i64(config_.window_ms), w.i64(config_.slide_ms);
  w.u8(started_ ? 1 : 0), w.i64(lo_), w.i64(hi_);
  w.u32(held);
  for (uint32_t id = 0; id < names_.id_bound(); ++id) {
    if (saved_id[id] != kNone) w.str(names_.name(id));
  }
  w.u32(static_cast<uint32_t>(buckets_.size()));
  for (const auto& [index, bucket] : buckets_.slices()) {
    w.i64(index);
    w.u32(static_cast<uint32_t>(bucket.size()));
    bucket.for_each([&](uint32_t id, int64_t count) { w.u32(saved_id[id]), w.i64(count); });
  }
  return out;
}

Status TopDestinations::restore(std::string_view saved) {
  StateReader r(saved);
  if (r.u8() != 'T' || r.u8() != 'D')
    return Error{"window state: not a TopDestinations checkpoint"};
  if (const uint8_t v = r.u8(); v != kVersion) {
    return Error{fmt::format("window state: version {} is not supported (this build reads {})", v,
                             kVersion)};
  }
  const int64_t window_ms = r.i64(), slide_ms = r.i64();
  if (r.ok() && (window_ms != config_.window_ms || slide_ms != config_.slide_ms)) {
    return Error{fmt::format(
        "window state was saved with --window {} ms and --slide {} ms, not {} ms and {} ms",
        window_ms, slide_ms, config_.window_ms, config_.slide_ms)};
  }
  TopDestinations next(config_);
  const uint8_t started = r.u8();
  next.started_ = started == 1;
  next.lo_ = r.i64();
  next.hi_ = r.i64();
  // Positions and bucket indices stay far from overflow when multiplied by the slide.
  const int64_t limit = INT64_MAX / 4 / config_.slide_ms;
  const auto sane = [&](int64_t index) { return index > -limit && index < limit; };
  if (started > 1 || (next.started_ && next.hi_ - next.lo_ != slides_per_window_) ||
      !sane(next.lo_) || !sane(next.hi_)) {
    r.fail();
  }
  const uint32_t names = r.count(4);
  for (uint32_t id = 0; id < names && r.ok(); ++id) {
    if (next.intern(r.str()) != id) r.fail();  // a name twice
  }
  const uint32_t buckets = r.count(12);
  int64_t previous = INT64_MIN;
  for (uint32_t i = 0; i < buckets && r.ok(); ++i) {
    const int64_t index = r.i64();
    // Buckets below lo are dropped as windows pass, so a saved one never is.
    if (index <= previous || !sane(index) || (next.started_ && index < next.lo_)) r.fail();
    previous = index;
    const uint32_t entries = r.count(12);
    if (entries == 0) continue;  // none is saved, but one would do no harm
    FlatCounter& bucket = next.buckets_.slice(index);
    for (uint32_t e = 0; e < entries && r.ok(); ++e) {
      const uint32_t id = r.u32();
      const int64_t count = r.i64();
      if (id >= names || count <= 0 || count > (int64_t{1} << 48)) r.fail();
      if (r.ok()) next.count(bucket, id, count);
    }
    if (bucket.size() != entries) r.fail();  // an id twice in one bucket
  }
  if (!r.at_end()) return Error{"window state: truncated or corrupt checkpoint"};
  next.shed_what_no_open_window_holds();
  *this = std::move(next);
  return {};
}

// What a checkpoint from before forgetting may hold beyond the live window: bucket lo (which
// that build subtracted only at the next window) and names no bucket counts.
void TopDestinations::shed_what_no_open_window_holds() {
  if (started_) {
    const auto& slices = buckets_.slices();
    for (auto it = slices.lower_bound(lo_); it != slices.end() && it->first < hi_; ++it) {
      apply(it->second, +1);
    }
    drop_bucket(lo_);
  }
  forget_uncounted();
}

}  // namespace clicklog::window
