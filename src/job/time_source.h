// The job's processing-time clock: milliseconds of the steady clock, for idleness, checkpoint
// intervals and start-up timing (never for event time).
#pragma once

#include <chrono>
#include <cstdint>

namespace clicklog::job {

inline int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace clicklog::job
