// MergeCheckpoint: what the merger of a scaled-out group writes to the group's merge topic after
// it emits windows (docs/scale-out.md): its state, where it is in the partials topic, and, at
// the end of a bounded run, that it is done and where every input partition ended. A new merger
// resumes from the newest one; members of a bounded run wait for one that says done.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"

namespace clicklog::scaleout {

struct MergeCheckpoint {
  std::map<int32_t, int64_t> partials_offsets;  // next offset of each partials partition
  std::string merger;                           // Merger::save()
  // --until-end: every input partition ended and every window holding data was emitted.
  bool done = false;
  std::map<int32_t, int64_t> input_positions;  // the next input offset of every partition merged
  bool operator==(const MergeCheckpoint&) const = default;
};

// Versioned little-endian binary form (the value of the record in the merge topic).
std::string encode(const MergeCheckpoint& checkpoint);
// Rejects truncated, trailing or inconsistent bytes with a one-line reason.
Result<MergeCheckpoint> decode_merge_checkpoint(std::string_view bytes);

}  // namespace clicklog::scaleout
