#include "window/top_destinations.h"

#include <algorithm>

#include "common/time_format.h"

namespace clicklog::window {

std::string validate(const Config& c) {
  if (c.slide_ms <= 0) return "slide must be positive";
  if (c.window_ms <= 0) return "window must be positive";
  if (c.window_ms % c.slide_ms != 0) return "window must be a multiple of slide";
  if (c.top_n <= 0) return "top must be at least 1";
  return {};
}

TopDestinations::TopDestinations(const Config& config)
    : config_(config),
      slides_per_window_(config.window_ms / config.slide_ms),
      buckets_(config.slide_ms) {}

AddOutcome TopDestinations::place(int64_t b) const {
  if (!started_ || b >= hi_) return AddOutcome::kOnTime;
  // Window ends passed hi_ * slide; bucket lo_ left the open windows with the last one, so a
  // bucket at or below it belongs to no window still open.
  if (b <= lo_) return AddOutcome::kTooLate;
  return AddOutcome::kLatePartial;
}

uint32_t TopDestinations::intern(std::string_view destination) {
  bool added = false;
  const uint32_t id = names_.intern(destination, &added);
  if (added) {
    if (buckets_holding_.size() < names_.id_bound()) buckets_holding_.resize(names_.id_bound(), 0);
    interned_since_advance_.push_back(id);
  }
  return id;
}

void TopDestinations::count(FlatCounter& bucket, uint32_t id, int64_t n) {
  if (bucket.add(id, n)) ++buckets_holding_[id];
}

// A late search joins the running totals of the windows still open at once.
void TopDestinations::add_late(uint32_t id, int64_t count) {
  if (id >= totals_.size()) totals_.resize(names_.id_bound(), 0);
  totals_[id] += count;
  window_total_ += count;
}

AddOutcome TopDestinations::add(int64_t event_ms, std::string_view destination) {
  const int64_t b = buckets_.slice_of(event_ms);
  const AddOutcome outcome = place(b);
  if (outcome == AddOutcome::kTooLate) return outcome;
  const uint32_t id = intern(destination);
  count(buckets_.slice(b), id, 1);
  if (outcome == AddOutcome::kLatePartial) add_late(id, 1);
  return outcome;
}

MergeOutcome TopDestinations::merge(const SliceCounts& partial) {
  MergeOutcome result;
  for (const auto& [b, counts] : partial.slices()) {
    const AddOutcome outcome = place(b);
    if (outcome == AddOutcome::kTooLate) {
      counts.for_each([&](uint32_t, int64_t n) { result.too_late += n; });
      continue;
    }
    FlatCounter& bucket = buckets_.slice(b);
    const bool late = outcome == AddOutcome::kLatePartial;
    counts.for_each([&](uint32_t id, int64_t n) {
      count(bucket, id, n);
      if (late) {
        add_late(id, n);
        result.late_partial += n;
      }
    });
  }
  return result;
}

void TopDestinations::start_if_needed(std::optional<int64_t> watermark_ms) {
  if (started_ || buckets_.empty()) return;
  started_ = true;
  hi_ = buckets_.slices().begin()->first;
  // Searches below the first bucket but not below the watermark may still come (disorder within
  // the lateness): only windows ending at or before the watermark count as passed.
  if (watermark_ms) hi_ = std::min(hi_, floor_div(*watermark_ms, config_.slide_ms));
  lo_ = hi_ - slides_per_window_;
}

void TopDestinations::advance(int64_t watermark_ms, std::vector<WindowResult>& out) {
  forget_uncounted();
  start_if_needed(watermark_ms);
  if (!started_) return;
  while (next_window_end() <= watermark_ms) {
    if (window_total_ == 0) {
      // Nothing in the running window: skip the empty ends in one step.
      auto it = buckets_.slices().lower_bound(hi_);
      if (it == buckets_.slices().end()) {
        hi_ = floor_div(watermark_ms, config_.slide_ms);
        lo_ = hi_ - slides_per_window_;
        return;
      }
      if (it->first > hi_) {
        // Not past the watermark: searches before that next bucket may still come.
        hi_ = std::min(it->first, floor_div(watermark_ms, config_.slide_ms));
        lo_ = hi_ - slides_per_window_;
        continue;
      }
    }
    emit_next(out);
  }
}

void TopDestinations::flush(std::vector<WindowResult>& out) {
  forget_uncounted();
  start_if_needed(std::nullopt);
  while (started_) {
    const auto next = buckets_.slices().lower_bound(hi_);
    if (window_total_ == 0) {
      if (next == buckets_.slices().end()) break;
      // No more searches are coming: skip the empty ends up to the next bucket at once.
      hi_ = next->first;
      lo_ = hi_ - slides_per_window_;
    }
    advance(next_window_end(), out);
  }
}

void TopDestinations::emit_next(std::vector<WindowResult>& out) {
  auto& slices = buckets_.slices();
  if (auto it = slices.find(hi_); it != slices.end()) apply(it->second, +1);
  ++lo_, ++hi_;
  if (window_total_ > 0) {
    const int64_t end_ms = hi_ * config_.slide_ms;
    out.push_back(rank_window(totals_, names_, config_.top_n, end_ms - config_.window_ms, end_ms));
  }
  drop_bucket(lo_);
}

void TopDestinations::drop_bucket(int64_t b) {
  const auto it = buckets_.slices().find(b);
  if (it == buckets_.slices().end()) return;
  apply(it->second, -1);
  it->second.for_each([&](uint32_t id, int64_t) { release(id); });
  buckets_.erase(it);
}

void TopDestinations::release(uint32_t id) {
  if (--buckets_holding_[id] == 0) names_.forget(id);
}

void TopDestinations::forget_uncounted() {
  for (uint32_t id : interned_since_advance_) {
    if (names_.holds(id) && buckets_holding_[id] == 0) names_.forget(id);
  }
  interned_since_advance_.clear();
}

void TopDestinations::apply(const FlatCounter& bucket, int64_t sign) {
  if (totals_.size() < names_.id_bound()) totals_.resize(names_.id_bound(), 0);
  bucket.for_each([&](uint32_t id, int64_t count) {
    totals_[id] += sign * count;
    window_total_ += sign * count;
  });
}

}  // namespace clicklog::window
