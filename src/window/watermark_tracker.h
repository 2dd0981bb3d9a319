// WatermarkTracker: event-time progress of the input, per Kafka partition. The watermark is the
// smallest "max event time seen - allowed lateness" over the partitions still active; a partition
// with no record for `idle_timeout` (processing time) stops holding the others back until it
// receives data again. A newly assigned partition holds the watermark at "unknown" until its
// first record or its idle timeout, so a slow-to-fetch partition is not overtaken at start-up.
// A revoked partition is remembered (not holding the watermark) so that its progress comes back
// with it. Pure: the caller passes the processing time. Owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace clicklog::window {

// The watermark rule over each partition's progress, shared by the tracker and the scale-out
// merger (scaleout/merger.h) so that a group holds back exactly the windows one process would:
// the smallest newest event time over the partitions still holding the watermark, or the
// largest over all of them when none holds; minus the lateness.
class WatermarkRule {
 public:
  // One partition; false when it holds the watermark with no data yet (the watermark is
  // unknown then, whatever the others say).
  bool add(std::optional<int64_t> max_event_ms, bool holding);
  // nullopt when no partition had data.
  std::optional<int64_t> result(int64_t lateness_ms) const;

 private:
  std::optional<int64_t> lowest_;   // over partitions that hold the watermark
  std::optional<int64_t> highest_;  // over all partitions with data, for when every one is idle
  bool any_holding_ = false;
};

class WatermarkTracker {
 public:
  WatermarkTracker(int64_t lateness_ms, int64_t idle_timeout_ms)
      : lateness_ms_(lateness_ms), idle_timeout_ms_(idle_timeout_ms) {}

  void assign(int32_t partition, int64_t now_ms);
  void revoke(int32_t partition);
  // A partition that reached the end of a bounded replay no longer holds the watermark.
  void finish(int32_t partition);
  void observe(int32_t partition, int64_t event_ms, int64_t now_ms);

  // Nothing is known yet (no active partition has data) -> nullopt.
  std::optional<int64_t> watermark(int64_t now_ms) const;
  // An assigned partition with no record for the idle timeout: it holds no watermark back.
  bool idle(int32_t partition, int64_t now_ms) const;
  // The newest event time seen on a partition (kept while it is revoked), if any.
  std::optional<int64_t> max_event_ms(int32_t partition) const;

  int64_t lateness_ms() const { return lateness_ms_; }

  // Checkpoints: each partition's newest event time, versioned binary. Processing times are not
  // kept; restored partitions hold nothing until assigned again, like revoked ones. On error the
  // tracker is left unchanged.
  std::string save() const;
  Status restore(std::string_view saved);

 private:
  struct Partition {
    std::optional<int64_t> max_event_ms;
    int64_t last_seen_ms = 0;
    bool finished = false;
    bool assigned = true;  // false once revoked or restored: then it holds nothing
  };
  int64_t lateness_ms_;
  int64_t idle_timeout_ms_;
  std::map<int32_t, Partition> partitions_;
};

}  // namespace clicklog::window
