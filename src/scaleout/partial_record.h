// PartialRecord: what a member of a scaled-out group publishes for one input partition to the
// group's internal partials topic (docs/scale-out.md): the searches it counted per slide in the
// input offsets [from, to), by destination name (ids are per process), and the partition's event
// time progress. The merger applies a partition's records in order, each exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace clicklog::scaleout {

struct PartialSlice {
  int64_t index = 0;  // slide b: event times [b * slide, (b + 1) * slide)
  std::vector<std::pair<std::string, int64_t>> counts;  // destination, searches
  bool operator==(const PartialSlice&) const = default;
};

struct PartialRecord {
  int32_t input_partition = 0;
  int64_t from_offset = 0;              // first input offset covered
  int64_t to_offset = 0;                // next input offset to read; from == to: progress only
  int64_t slide_ms = 0;                 // the slide the indexes are in, checked by the merger
  std::optional<int64_t> max_event_ms;  // newest event time of the partition so far
  bool idle = false;                    // the member saw no record for the idle timeout
  bool end_reached = false;             // a bounded replay reached the partition's end
  std::vector<PartialSlice> slices;     // by increasing index
  bool operator==(const PartialRecord&) const = default;
};

// Versioned little-endian binary form (the value of the record in the partials topic).
std::string encode(const PartialRecord& record);
// Rejects truncated, trailing or inconsistent bytes with a one-line reason.
Result<PartialRecord> decode_partial(std::string_view bytes);

}  // namespace clicklog::scaleout
