// The end-of-run summary on stderr: what was read, counted, late and bad (by reason).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace clicklog::job {

// What the summary reports, from the job's metrics.
struct RunCounts {
  int64_t records = 0, searches = 0, windows = 0, dead_letters = 0;
  int64_t late_partial = 0, late_dropped = 0;
  int64_t bad = 0;
  std::string bad_by_reason;  // " bad_time=3 no_destination=1", or empty
};

// elapsed: the whole run; flowing: from the first record read to the last (0 when every record
// came in one poll, which has no rate to tell).
std::string format_run_summary(const RunCounts& counts, double elapsed_seconds,
                               double flowing_seconds);
// The two summary lines on stderr, with the counts of this process's metrics.
void print_run_summary(double elapsed_seconds, double flowing_seconds);

// When the records of a run flowed: the rate without the group's start-up. Logs the first.
class RunClock {
 public:
  void saw_records();
  double elapsed_seconds() const { return seconds(std::chrono::steady_clock::now() - started_); }
  double flowing_seconds() const { return seconds(last_ - first_); }

 private:
  static double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
  }
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first_{}, last_{};
};

}  // namespace clicklog::job
