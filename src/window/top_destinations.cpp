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
    : config_(config), slides_per_window_(config.window_ms / config.slide_ms) {}

AddOutcome TopDestinations::add(int64_t event_ms, std::string_view destination) {
  const int64_t b = floor_div(event_ms, config_.slide_ms);
  AddOutcome outcome = AddOutcome::kOnTime;
  if (started_ && b < hi_) {
    // Window ends pass hi_ * slide; the next window drops bucket lo_, so a bucket at or below it
    // belongs to no window still open.
    if (b <= lo_) return AddOutcome::kTooLate;
    outcome = AddOutcome::kLatePartial;
  }
  const uint32_t id = names_.intern(destination);
  if (b != cached_index_) {
    cached_bucket_ = &buckets_[b];
    cached_index_ = b;
  }
  cached_bucket_->add(id, 1);
  if (outcome == AddOutcome::kLatePartial) {
    if (id >= totals_.size()) totals_.resize(names_.size(), 0);
    totals_[id] += 1;
    window_total_ += 1;
  }
  return outcome;
}

void TopDestinations::start_if_needed(std::optional<int64_t> watermark_ms) {
  if (started_ || buckets_.empty()) return;
  started_ = true;
  hi_ = buckets_.begin()->first;
  // Searches below the first bucket but not below the watermark may still come (disorder within
  // the lateness): only windows ending at or before the watermark count as passed.
  if (watermark_ms) hi_ = std::min(hi_, floor_div(*watermark_ms, config_.slide_ms));
  lo_ = hi_ - slides_per_window_;
}

void TopDestinations::advance(int64_t watermark_ms, std::vector<WindowResult>& out) {
  start_if_needed(watermark_ms);
  if (!started_) return;
  while (next_window_end() <= watermark_ms) {
    if (window_total_ == 0) {
      // Nothing in the running window: skip the empty ends in one step.
      auto it = buckets_.lower_bound(hi_);
      if (it == buckets_.end()) {
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
  start_if_needed(std::nullopt);
  while (started_) {
    const auto next = buckets_.lower_bound(hi_);
    if (window_total_ == 0) {
      if (next == buckets_.end()) break;
      // No more searches are coming: skip the empty ends up to the next bucket at once.
      hi_ = next->first;
      lo_ = hi_ - slides_per_window_;
    }
    advance(next_window_end(), out);
  }
}

void TopDestinations::emit_next(std::vector<WindowResult>& out) {
  if (auto it = buckets_.find(hi_); it != buckets_.end()) apply(it->second, +1);
  if (auto it = buckets_.find(lo_); it != buckets_.end()) {
    apply(it->second, -1);
    if (cached_index_ == lo_) cached_index_ = INT64_MIN;
    buckets_.erase(it);
  }
  ++lo_, ++hi_;
  if (window_total_ > 0) out.push_back(rank(hi_ * config_.slide_ms));
}

void TopDestinations::apply(const FlatCounter& bucket, int64_t sign) {
  if (totals_.size() < names_.size()) totals_.resize(names_.size(), 0);
  bucket.for_each([&](uint32_t id, int64_t count) {
    totals_[id] += sign * count;
    window_total_ += sign * count;
  });
}

WindowResult TopDestinations::rank(int64_t end_ms) const {
  const auto better = [&](uint32_t a, uint32_t b) {
    if (totals_[a] != totals_[b]) return totals_[a] > totals_[b];
    return names_.name(a) < names_.name(b);
  };
  // A bounded heap of the best top_n ids seen so far, worst on top.
  std::vector<uint32_t> heap;
  const size_t n = static_cast<size_t>(config_.top_n);
  heap.reserve(n + 1);
  for (uint32_t id = 0; id < totals_.size(); ++id) {
    if (totals_[id] <= 0) continue;
    if (heap.size() < n) {
      heap.push_back(id);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (better(id, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = id;
      std::push_heap(heap.begin(), heap.end(), better);
    }
  }
  std::sort(heap.begin(), heap.end(), better);
  WindowResult result{end_ms - config_.window_ms, end_ms, {}};
  result.top.reserve(heap.size());
  for (uint32_t id : heap) result.top.push_back({names_.name(id), totals_[id]});
  return result;
}

}  // namespace clicklog::window
