// Merger: the second stage of a scaled-out group (docs/scale-out.md). It applies the members'
// partial records of every input partition, each exactly once and in its partition's order
// (a record applies only if it starts where that partition's last one ended), merges their
// slices into one window engine, and emits each window once the watermark over all input
// partitions passes it. Pure: the caller reads the partials topic and writes the results.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "scaleout/partial_record.h"
#include "window/top_destinations.h"

namespace clicklog::scaleout {

struct MergerOptions {
  window::Config window;
  int64_t lateness_ms = 10'000;
  int32_t input_partitions = 1;
};

// Where one process that read input partitions alone stands on one of them (Merger::adopt).
struct InputProgress {
  int64_t position = 0;  // the next offset it would have read
  std::optional<int64_t> max_event_ms;
  bool idle = false;
};

enum class ApplyOutcome {
  kApplied,
  kDuplicate,         // covers offsets already applied (a replay, a zombie's retry): ignored
  kOverlap,           // starts before the partition's position and ends past it: refused
  kGap,               // starts past the partition's position: offsets would be lost, refused
  kWrongSlide,        // taken with another slide than this job's: refused
  kUnknownPartition,  // an input partition the topic does not have: refused
};
const char* to_string(ApplyOutcome outcome);

class Merger {
 public:
  explicit Merger(const MergerOptions& options);

  ApplyOutcome apply(const PartialRecord& record);

  // nullopt while an input partition has not been heard from, or one still active has no data.
  std::optional<int64_t> watermark() const;
  // Appends every window the watermark passed, in increasing end.
  void advance(std::vector<window::WindowResult>& out);
  // Appends every window not yet emitted that holds data (every partition ended).
  void flush(std::vector<window::WindowResult>& out);
  // Every input partition reported the end of a bounded replay.
  bool all_ended() const;

  // The next input offset expected from a partition, once heard from.
  std::optional<int64_t> position(int32_t partition) const;
  const window::MergeOutcome& late() const { return late_; }
  const window::TopDestinations& engine() const { return engine_; }

  // Checkpoint: the engine, every partition's position and progress. restore() replaces this
  // merger's state (same options) or, on error, leaves it unchanged.
  std::string save() const;
  Status restore(std::string_view saved);
  // Becomes the merger of what one process read alone before it turned into a member (the
  // hand-over, docs/scale-out.md): its window engine (TopDestinations::save(), same window and
  // slide) and where it stands on each input partition it read. Partitions it did not read stay
  // unheard. On error the merger is left unchanged.
  Status adopt(std::string_view engine_state, const std::map<int32_t, InputProgress>& inputs);

 private:
  struct Partition {
    bool heard = false;
    int64_t position = 0;
    std::optional<int64_t> max_event_ms;
    bool idle = false;
    bool ended = false;
  };
  void merge_slices(const PartialRecord& record);

  MergerOptions options_;
  window::TopDestinations engine_;
  std::vector<Partition> partitions_;
  window::MergeOutcome late_;
};

}  // namespace clicklog::scaleout
