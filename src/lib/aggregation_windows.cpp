#include "lib/aggregation_windows.h"

#include <algorithm>
#include <exception>

#include "clicklog/error.h"
#include "common/time_format.h"
#include "window/state_codec.h"

namespace clicklog {
namespace {
constexpr uint8_t kVersion = 1;
}  // namespace

AggregationWindows::AggregationWindows(detail::AggregationSpec spec) : spec_(std::move(spec)) {
  if (spec_.slide_ms <= 0 || spec_.window_ms <= 0 || spec_.window_ms % spec_.slide_ms != 0) {
    throw PipelineError("aggregation " + spec_.name +
                        ": window and slide must be positive, the window a multiple of the slide");
  }
  if (!spec_.key) throw PipelineError("aggregation " + spec_.name + ": no key extractor");
  slides_per_window_ = spec_.window_ms / spec_.slide_ms;
}

RecordView record_view(const TimedEvent& e, int32_t partition, int64_t offset) {
  return {.partition = partition,
          .offset = offset,
          .time_ms = e.time_ms,
          .user_id = e.event.user_id,
          .action = e.event.action,
          .destination = e.event.destination,
          .hotel = e.event.hotel};
}

void AggregationWindows::add(const TimedEvent& e, int32_t partition, int64_t offset) {
  const RecordView view = record_view(e, partition, offset);
  auto key = spec_.key(view);
  if (!key) return;
  const int64_t b = floor_div(e.time_ms, spec_.slide_ms);
  // Every window holding slide b was emitted already: counted nowhere, as the built-in does.
  if (started_ && b <= lo_) return;
  auto& partial = slides_[b][std::move(*key)];
  if (!partial) partial = spec_.prototype->empty();
  partial->add(view);
}

void AggregationWindows::start_if_needed(std::optional<int64_t> watermark_ms) {
  if (started_ || slides_.empty()) return;
  started_ = true;
  hi_ = slides_.begin()->first;
  // Records below the first slide but not below the watermark may still come.
  if (watermark_ms) hi_ = std::min(hi_, floor_div(*watermark_ms, spec_.slide_ms));
  lo_ = hi_ - slides_per_window_;
}

void AggregationWindows::drop_passed() {
  while (!slides_.empty() && slides_.begin()->first <= lo_) slides_.erase(slides_.begin());
}

void AggregationWindows::advance(int64_t watermark_ms) {
  start_if_needed(watermark_ms);
  if (!started_) return;
  const int64_t last = floor_div(watermark_ms, spec_.slide_ms);  // the last end passed
  while (hi_ < last) {
    drop_passed();
    if (slides_.empty() || slides_.begin()->first > hi_) {
      // The windows ending before the next slide with data hold nothing: pass them at once.
      hi_ = slides_.empty() ? last : std::min(slides_.begin()->first, last);
      lo_ = hi_ - slides_per_window_;
      continue;
    }
    emit_next();
  }
}

void AggregationWindows::flush() {
  start_if_needed(std::nullopt);
  if (!started_) return;
  for (drop_passed(); !slides_.empty(); drop_passed()) {
    if (slides_.begin()->first > hi_) {
      hi_ = slides_.begin()->first;
      lo_ = hi_ - slides_per_window_;
    }
    emit_next();
  }
}

void AggregationWindows::emit_next() {
  ++lo_, ++hi_;
  Partials window;
  for (auto it = slides_.lower_bound(lo_); it != slides_.end() && it->first < hi_; ++it) {
    for (const auto& [key, partial] : it->second) {
      auto& merged = window[key];
      if (!merged) merged = spec_.prototype->empty();
      merged->merge(*partial);
    }
  }
  const int64_t end_ms = hi_ * spec_.slide_ms;
  if (!window.empty()) spec_.emit(end_ms - spec_.window_ms, end_ms, window);
  drop_passed();
}

std::string AggregationWindows::save() const {
  std::string out;
  window::StateWriter w(out);
  w.u8(kVersion), w.u8(started_ ? 1 : 0), w.i64(lo_), w.i64(hi_);
  w.u32(static_cast<uint32_t>(slides_.size()));
  for (const auto& [b, partials] : slides_) {
    w.i64(b), w.u32(static_cast<uint32_t>(partials.size()));
    for (const auto& [key, partial] : partials) w.str(key), w.str(partial->save());
  }
  return out;
}

Status AggregationWindows::restore(std::string_view saved) {
  window::StateReader r(saved);
  if (r.u8() != kVersion) return Error{"unknown state version"};
  const bool started = r.u8() == 1;
  const int64_t lo = r.i64(), hi = r.i64();
  std::map<int64_t, Partials> slides;
  try {
    for (uint32_t i = 0, n = r.count(12); i < n && r.ok(); ++i) {
      auto& partials = slides[r.i64()];
      for (uint32_t j = 0, k = r.count(8); j < k && r.ok(); ++j) {
        std::string key(r.str());
        const auto bytes = r.str();
        if (r.ok()) partials[std::move(key)] = spec_.prototype->load(bytes);
      }
    }
  } catch (const std::exception& e) {
    return Error{std::string("the aggregate's load() failed: ") + e.what()};
  }
  if (!r.at_end()) return Error{"state is corrupt"};
  started_ = started, lo_ = lo, hi_ = hi;
  slides_ = std::move(slides);
  return {};
}

}  // namespace clicklog
