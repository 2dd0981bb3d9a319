#include "window/watermark_tracker.h"

#include <algorithm>

namespace clicklog::window {

void WatermarkTracker::assign(int32_t partition, int64_t now_ms) {
  auto [it, inserted] = partitions_.try_emplace(partition);
  if (inserted) it->second.last_seen_ms = now_ms;
  it->second.finished = false;
}

void WatermarkTracker::revoke(int32_t partition) { partitions_.erase(partition); }

void WatermarkTracker::finish(int32_t partition) { partitions_[partition].finished = true; }

void WatermarkTracker::observe(int32_t partition, int64_t event_ms, int64_t now_ms) {
  Partition& p = partitions_[partition];
  p.max_event_ms = p.max_event_ms ? std::max(*p.max_event_ms, event_ms) : event_ms;
  p.last_seen_ms = now_ms;
  p.finished = false;
}

std::optional<int64_t> WatermarkTracker::watermark(int64_t now_ms) const {
  std::optional<int64_t> lowest;   // over partitions that still hold the watermark
  std::optional<int64_t> highest;  // over all partitions with data, for when every one is idle
  bool any_holding = false;
  for (const auto& [id, p] : partitions_) {
    if (p.max_event_ms) highest = highest ? std::max(*highest, *p.max_event_ms) : *p.max_event_ms;
    const bool idle = p.finished || now_ms - p.last_seen_ms >= idle_timeout_ms_;
    if (idle) continue;
    if (!p.max_event_ms) return std::nullopt;  // an active partition we know nothing about yet
    any_holding = true;
    lowest = lowest ? std::min(*lowest, *p.max_event_ms) : *p.max_event_ms;
  }
  const std::optional<int64_t> base = any_holding ? lowest : highest;
  if (!base) return std::nullopt;
  return *base - lateness_ms_;
}

}  // namespace clicklog::window
