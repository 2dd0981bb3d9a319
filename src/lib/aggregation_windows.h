// AggregationWindows: the sliding event-time windows of one user aggregation
// (include/clicklog/aggregation.h), as job/user_windows.h asks. Per slide, one partial
// aggregate per key; a window is the merge of its slides' partials, and it passes exactly as
// the built-in engine's (window/top_destinations.h) do: the same first window, the same late
// and too-late records, the same windows emitted. Single-threaded: the job's consumer thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "clicklog/aggregation.h"
#include "job/user_windows.h"

namespace clicklog {

// The public view of a record the job has decoded and timed.
RecordView record_view(const TimedEvent& e, int32_t partition, int64_t offset);

class AggregationWindows : public job::UserWindows {
 public:
  // Throws PipelineError when window and slide do not fit.
  explicit AggregationWindows(detail::AggregationSpec spec);

  const std::string& name() const override { return spec_.name; }
  void add(const TimedEvent& event, int32_t partition, int64_t offset) override;
  void advance(int64_t watermark_ms) override;
  void flush() override;
  // u8 version | u8 started | i64 lo | i64 hi | u32 n slides, n x (i64 slide | u32 k keys,
  // k x (key | the aggregate's save()))
  std::string save() const override;
  Status restore(std::string_view saved) override;

 private:
  using Partials = std::map<std::string, std::unique_ptr<detail::AnyAggregate>>;
  void start_if_needed(std::optional<int64_t> watermark_ms);
  // Drops the slides in no open window (at or below lo_).
  void drop_passed();
  // Emits the window ending at (hi_ + 1) * slide and moves on by one slide.
  void emit_next();

  detail::AggregationSpec spec_;
  int64_t slides_per_window_;
  std::map<int64_t, Partials> slides_;  // slide b holds b*slide <= t < (b+1)*slide
  // As in window::TopDestinations: once started, the last window passed ended at hi_ * slide
  // and covered slides [lo_, hi_); slide lo_ and those below are in no open window.
  bool started_ = false;
  int64_t lo_ = 0, hi_ = 0;
};

}  // namespace clicklog
