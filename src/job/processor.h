// Processor: what the streaming job does with each Kafka record, without Kafka: decode and time
// it, report bad records (those the guards refuse too, per input partition before anything of
// them is counted: a future time never moves a watermark), count searches into their partition's
// per-slide partial counts and advance its watermark; then merge the partials into the window
// engine and emit the windows the watermark passed. State is held per input partition (partials,
// watermark) so that it can move with the partition. Owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "avro/codec.h"
#include "event/classify.h"
#include "job/user_windows.h"
#include "scaleout/member_partials.h"
#include "window/slice_counts.h"
#include "window/top_destinations.h"
#include "window/watermark_tracker.h"

namespace clicklog::job {

struct ProcessorOptions {
  window::Config window;
  int64_t lateness_ms = 10'000;
  int64_t idle_timeout_ms = 30'000;
  avro::Framing framing = avro::Framing::kSingleObject;
  RecordGuards guards;
};

// Called for every well-formed, timed record (the store hooks in here).
using EventObserver =
    std::function<void(const TimedEvent& event, int32_t partition, int64_t offset)>;

class Processor {
 public:
  explicit Processor(const ProcessorOptions& options);

  void set_observer(EventObserver observer) { observer_ = std::move(observer); }
  // As a member of a scaled-out group: every record read, event time and search goes to the
  // group's partials (published by the job) instead of this process's engine. The caller hands
  // over only records that are fresh() there.
  void count_into(scaleout::MemberPartials* partials) { member_ = partials; }

  // An aggregation fed every good record and advanced with the watermark (job/user_windows.h);
  // not with count_into (the group's partials carry the top N only).
  void add_windows(UserWindows* windows) { user_windows_.push_back(windows); }
  bool has_user_windows() const { return !user_windows_.empty(); }

  void assign(const std::vector<int32_t>& partitions, int64_t now_ms);
  void revoke(const std::vector<int32_t>& partitions);
  void finish(int32_t partition) { watermarks_.finish(partition); }

  // One record's value, read at processing time now_ms and wall-clock time wall_ms. nullopt
  // when used; else the bad-record reason (CONTRACT.md section 5).
  std::optional<std::string_view> process(int32_t partition, int64_t offset,
                                          std::span<const uint8_t> value, int64_t now_ms,
                                          int64_t wall_ms);

  // Merges every partition's partial counts into the engine, then appends every window the
  // watermark has passed.
  void advance(int64_t now_ms, std::vector<window::WindowResult>& out);
  // Merges, then appends every remaining window holding data.
  void flush(std::vector<window::WindowResult>& out);
  // Merges every partition's partial counts into the engine (advance and flush do it first).
  void merge_partials();

  std::optional<int64_t> watermark(int64_t now_ms) const { return watermarks_.watermark(now_ms); }
  const window::TopDestinations& engine() const { return engine_; }
  const window::WatermarkTracker& watermarks() const { return watermarks_; }

  // The user aggregations' state, by name, for a checkpoint.
  std::string save_user_windows() const;
  // Replaces the window and watermark state with a checkpoint's (both or neither), and the
  // user aggregations' with theirs in `user_windows` (one missing there starts empty).
  Status restore(std::string_view engine, std::string_view watermarks,
                 std::string_view user_windows = {});

 private:
  // The searches a partition read since the last merge, by slide.
  window::SliceCounts& partials_of(int32_t partition);

  ProcessorOptions options_;
  window::TopDestinations engine_;
  window::WatermarkTracker watermarks_;
  std::map<int32_t, window::SliceCounts> partials_;
  int32_t cached_partition_ = -1;  // batches come in runs of one partition
  window::SliceCounts* cached_partials_ = nullptr;
  EventObserver observer_;
  scaleout::MemberPartials* member_ = nullptr;
  std::vector<UserWindows*> user_windows_;
  TimedEvent scratch_;
  EventTimeParser times_;
};

}  // namespace clicklog::job
