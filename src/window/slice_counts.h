// SliceCounts: mergeable per-slide partial counts, destination id -> searches for each slide
// [b*slide, (b+1)*slide) of event time. What one input partition gathers between two merges
// into the window engine (Flink's local slicing pre-aggregation), and the engine's own slides.
// Ids are the engine's (DestinationTable); the owner decides when to merge and clear.
#pragma once

#include <cstdint>
#include <map>

#include "common/time_format.h"
#include "window/flat_counter.h"

namespace clicklog::window {

class SliceCounts {
 public:
  explicit SliceCounts(int64_t slide_ms) : slide_ms_(slide_ms) {}
  // A copy caches nothing of the original's.
  SliceCounts(const SliceCounts& other) : slide_ms_(other.slide_ms_), slices_(other.slices_) {}
  SliceCounts& operator=(const SliceCounts& other) {
    slide_ms_ = other.slide_ms_;
    slices_ = other.slices_;
    cached_index_ = INT64_MIN;
    return *this;
  }
  SliceCounts(SliceCounts&&) noexcept = default;  // map nodes, and so the cache, stay valid
  SliceCounts& operator=(SliceCounts&&) noexcept = default;

  int64_t slice_of(int64_t event_ms) const { return floor_div(event_ms, slide_ms_); }
  void add(int64_t event_ms, uint32_t id, int64_t count = 1) {
    slice(slice_of(event_ms)).add(id, count);
  }
  // The counter of slide b, created empty when missing.
  FlatCounter& slice(int64_t b) {
    if (b != cached_index_) {
      cached_slice_ = &slices_[b];
      cached_index_ = b;
    }
    return *cached_slice_;
  }
  void erase(std::map<int64_t, FlatCounter>::iterator it) {
    if (it->first == cached_index_) cached_index_ = INT64_MIN;
    slices_.erase(it);
  }
  void clear() {
    slices_.clear();
    cached_index_ = INT64_MIN;
  }

  bool empty() const { return slices_.empty(); }
  size_t size() const { return slices_.size(); }
  int64_t slide_ms() const { return slide_ms_; }
  // By increasing slide index.
  std::map<int64_t, FlatCounter>& slices() { return slices_; }
  const std::map<int64_t, FlatCounter>& slices() const { return slices_; }

 private:
  int64_t slide_ms_;
  std::map<int64_t, FlatCounter> slices_;
  int64_t cached_index_ = INT64_MIN;
  FlatCounter* cached_slice_ = nullptr;
};

}  // namespace clicklog::window
