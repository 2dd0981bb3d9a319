// UserWindows: an aggregation of the library's users (include/clicklog/aggregation.h) beside
// the built-in top N. The processor hands it every well-formed, timed record, advances it with
// the same watermark and puts its state into the same checkpoints, so it gets the built-in's
// lateness, dead-lettering and exactness. Owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "event/classify.h"

namespace clicklog::job {

class UserWindows {
 public:
  virtual ~UserWindows() = default;
  // Names its state in checkpoints.
  virtual const std::string& name() const = 0;
  virtual void add(const TimedEvent& event, int32_t partition, int64_t offset) = 0;
  // Emits every window with end <= watermark_ms that holds data and was not emitted yet.
  virtual void advance(int64_t watermark_ms) = 0;
  // Emits every remaining window holding data (end of a bounded replay).
  virtual void flush() = 0;
  virtual std::string save() const = 0;
  // Replaces the state with a saved one; on error leaves it unchanged.
  virtual Status restore(std::string_view saved) = 0;
};

}  // namespace clicklog::job
