#include "window/watermark_tracker.h"

#include <algorithm>

#include "window/state_codec.h"

namespace clicklog::window {

void WatermarkTracker::assign(int32_t partition, int64_t now_ms) {
  auto [it, inserted] = partitions_.try_emplace(partition);
  if (inserted || !it->second.assigned) it->second.last_seen_ms = now_ms;
  it->second.assigned = true;
  it->second.finished = false;
}

void WatermarkTracker::revoke(int32_t partition) {
  if (auto it = partitions_.find(partition); it != partitions_.end()) it->second.assigned = false;
}

void WatermarkTracker::finish(int32_t partition) {
  partitions_[partition].finished = true;
}

void WatermarkTracker::observe(int32_t partition, int64_t event_ms, int64_t now_ms) {
  Partition& p = partitions_[partition];
  p.max_event_ms = p.max_event_ms ? std::max(*p.max_event_ms, event_ms) : event_ms;
  p.last_seen_ms = now_ms;
  p.finished = false;
  p.assigned = true;
}

bool WatermarkRule::add(std::optional<int64_t> max_event_ms, bool holding) {
  if (max_event_ms) highest_ = highest_ ? std::max(*highest_, *max_event_ms) : *max_event_ms;
  if (!holding) return true;
  if (!max_event_ms) return false;
  any_holding_ = true;
  lowest_ = lowest_ ? std::min(*lowest_, *max_event_ms) : *max_event_ms;
  return true;
}

std::optional<int64_t> WatermarkRule::result(int64_t lateness_ms) const {
  const std::optional<int64_t> base = any_holding_ ? lowest_ : highest_;
  if (!base) return std::nullopt;
  return *base - lateness_ms;
}

std::optional<int64_t> WatermarkTracker::watermark(int64_t now_ms) const {
  WatermarkRule rule;
  for (const auto& [id, p] : partitions_) {
    if (!p.assigned) continue;
    const bool idle = p.finished || now_ms - p.last_seen_ms >= idle_timeout_ms_;
    if (!rule.add(p.max_event_ms, !idle)) return std::nullopt;  // active, nothing known yet
  }
  return rule.result(lateness_ms_);
}

bool WatermarkTracker::idle(int32_t partition, int64_t now_ms) const {
  const auto it = partitions_.find(partition);
  return it != partitions_.end() && it->second.assigned && !it->second.finished &&
         now_ms - it->second.last_seen_ms >= idle_timeout_ms_;
}

std::optional<int64_t> WatermarkTracker::max_event_ms(int32_t partition) const {
  const auto it = partitions_.find(partition);
  return it == partitions_.end() ? std::nullopt : it->second.max_event_ms;
}

// Version 1: "WM" u8 version | u32 partitions, each: i32 partition | u8 has_max | i64 max_event_ms
namespace {
constexpr uint8_t kVersion = 1;
}

std::string WatermarkTracker::save() const {
  std::string out;
  StateWriter w(out);
  w.u8('W'), w.u8('M'), w.u8(kVersion);
  w.u32(static_cast<uint32_t>(partitions_.size()));
  for (const auto& [id, p] : partitions_) {
    w.i32(id), w.u8(p.max_event_ms ? 1 : 0), w.i64(p.max_event_ms.value_or(0));
  }
  return out;
}

Status WatermarkTracker::restore(std::string_view saved) {
  StateReader r(saved);
  if (r.u8() != 'W' || r.u8() != 'M')
    return Error{"watermark state: not a WatermarkTracker checkpoint"};
  if (r.u8() != kVersion) return Error{"watermark state: unsupported version"};
  std::map<int32_t, Partition> restored;
  const uint32_t n = r.count(13);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const int32_t id = r.i32();
    const uint8_t has_max = r.u8();
    const int64_t max_event_ms = r.i64();
    if (has_max > 1 || id < 0 || restored.count(id)) r.fail();
    Partition& p = restored[id];
    if (has_max) p.max_event_ms = max_event_ms;
    p.assigned = false;
  }
  if (!r.at_end()) return Error{"watermark state: truncated or corrupt checkpoint"};
  partitions_ = std::move(restored);
  return {};
}

}  // namespace clicklog::window
