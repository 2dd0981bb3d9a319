#include "scaleout/partial_builder.h"

#include <algorithm>

namespace clicklog::scaleout {

PartialBuilder::PartialBuilder(int32_t partition, int64_t slide_ms, int64_t next_offset,
                               std::optional<int64_t> max_event_ms)
    : partition_(partition),
      from_(next_offset),
      to_(next_offset),
      max_event_ms_(max_event_ms),
      published_max_(max_event_ms),
      slices_(slide_ms) {}

PartialRecord PartialBuilder::take(const window::DestinationTable& names, bool idle,
                                   bool end_reached) {
  PartialRecord r;
  r.input_partition = partition_;
  r.from_offset = from_;
  r.to_offset = to_;
  r.slide_ms = slices_.slide_ms();
  r.max_event_ms = max_event_ms_;
  r.idle = idle;
  r.end_reached = end_reached;
  for (const auto& [index, counter] : slices_.slices()) {
    PartialSlice& s = r.slices.emplace_back();
    s.index = index;
    counter.for_each([&](uint32_t id, int64_t n) { s.counts.emplace_back(names.name(id), n); });
    // Same bytes for the same counts, whatever the counter's slot order.
    std::sort(s.counts.begin(), s.counts.end());
  }
  slices_.clear();
  from_ = to_;
  published_max_ = max_event_ms_;
  return r;
}

}  // namespace clicklog::scaleout
