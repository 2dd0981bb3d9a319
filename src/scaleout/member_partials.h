// MemberPartials: what one member of a scaled-out group gathers for the input partitions it owns
// between two publishes to the partials topic (docs/scale-out.md): a PartialBuilder per
// partition, the destination names its counts refer to, and the flags last published. A record
// delivered again after a rebalance (an offset already read) is recognised and skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "scaleout/partial_builder.h"
#include "scaleout/partial_record.h"
#include "window/destination_table.h"

namespace clicklog::scaleout {

class MemberPartials {
 public:
  explicit MemberPartials(int64_t slide_ms) : slide_ms_(slide_ms) {}

  // Takes a partition over: reading resumes at next_offset with the event time progress of the
  // partition's last published record.
  void assign(int32_t partition, int64_t next_offset, std::optional<int64_t> max_event_ms);
  // Forgets a partition; take_one() it first so that nothing read is lost.
  void revoke(int32_t partition);
  bool owns(int32_t partition) const { return builders_.count(partition) > 0; }

  // Whether the record at `offset` is new to this member: owned, and not read before.
  bool fresh(int32_t partition, int64_t offset);
  // A record read (bad ones too), a well-timed record's event time, a counted search. The
  // partition must be owned and the record fresh.
  void read(int32_t partition, int64_t offset) { builder(partition).read(offset); }
  void observe(int32_t partition, int64_t event_ms) { builder(partition).observe(event_ms); }
  void count(int32_t partition, int64_t event_ms, std::string_view destination) {
    builder(partition).count(event_ms, names_.intern(destination));
  }

  // The flags of a partition when its record is taken.
  using Flag = std::function<bool(int32_t partition)>;
  // The next record of every owned partition with news (records read, event time moved, or a
  // flag changed since its last record), by partition.
  std::vector<PartialRecord> take(const Flag& idle, const Flag& ended);
  // The next record of one partition, news or not (its last before a revoke).
  PartialRecord take_one(int32_t partition, bool idle, bool ended);

  // Where each owned partition resumes: the `to` of its last record taken, or further.
  std::map<int32_t, int64_t> next_offsets() const;
  size_t names() const { return names_.size(); }

 private:
  struct Owned {
    PartialBuilder builder;
    bool idle = false;
    bool ended = false;
  };
  PartialBuilder& builder(int32_t partition);
  PartialRecord take_from(Owned& owned, bool idle, bool ended);
  void forget_names_when_unused();

  int64_t slide_ms_;
  std::map<int32_t, Owned> builders_;
  int32_t cached_partition_ = -1;  // records come in runs of one partition
  Owned* cached_ = nullptr;
  // Ids live from a count to the next take: once every builder is taken, none is in use.
  window::DestinationTable names_;
};

}  // namespace clicklog::scaleout
