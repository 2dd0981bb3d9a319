// The end-of-run summary on stderr: what was read, counted, late and bad (by reason).
#pragma once

#include <chrono>
#include <cstdint>

namespace clicklog::job {

// elapsed: the whole run; flowing: from the first record read to the last.
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
