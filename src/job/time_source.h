// The job's clocks: the steady clock for processing time (idleness, checkpoint intervals,
// start-up timing), and the wall clock for the one check of event time against real time, the
// ceiling on future times (--max-future). Never event time itself.
#pragma once

#include <chrono>
#include <cstdint>

namespace clicklog::job {

inline int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace clicklog::job
