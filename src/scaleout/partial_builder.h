// PartialBuilder: a member's running partial of one input partition between two publishes to
// the partials topic: the per-slide search counts, the input offsets read, and the newest event
// time. take() turns it into the next PartialRecord, which starts where the last one ended.
#pragma once

#include <cstdint>
#include <optional>

#include "scaleout/partial_record.h"
#include "window/destination_table.h"
#include "window/slice_counts.h"

namespace clicklog::scaleout {

class PartialBuilder {
 public:
  // next_offset: where reading resumes, the `to` of the partition's last published record (or
  // where a first owner starts); max_event_ms: that record's event time progress.
  PartialBuilder(int32_t partition, int64_t slide_ms, int64_t next_offset,
                 std::optional<int64_t> max_event_ms = std::nullopt);

  // A record read at `offset`, whatever it was (bad records are covered too: never re-read).
  void read(int64_t offset) { to_ = offset + 1; }
  // A well-timed record's event time (every action moves event time, as in one process).
  void observe(int64_t event_ms) {
    max_event_ms_ = max_event_ms_ ? std::max(*max_event_ms_, event_ms) : event_ms;
  }
  // A counted search; `id` from the member's own table, named again by take().
  void count(int64_t event_ms, uint32_t id) { slices_.add(event_ms, id); }

  // Offsets read or event time moved since the last take().
  bool has_news() const { return to_ != from_ || max_event_ms_ != published_max_; }
  // The record [from, to) of what was gathered; the builder starts over at `to`.
  PartialRecord take(const window::DestinationTable& names, bool idle, bool end_reached);

  int32_t partition() const { return partition_; }
  int64_t next_offset() const { return to_; }

 private:
  int32_t partition_;
  int64_t from_, to_;
  std::optional<int64_t> max_event_ms_, published_max_;
  window::SliceCounts slices_;
};

}  // namespace clicklog::scaleout
