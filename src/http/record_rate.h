// RecordRate: records per second over the last few seconds, from samples of the running total
// (clicklog_records_total) taken once a second by the HTTP endpoint's sampler. Prometheus takes
// its own rate of the counter; this one is for /api/status and the page. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace clicklog::http {

class RecordRate {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RecordRate(Clock::duration span = std::chrono::seconds(10)) : span_(span) {}

  void sample(Clock::time_point at, int64_t total);
  // Over the samples of the last span; nullopt until two samples lie a moment apart.
  std::optional<double> per_second() const;

 private:
  const Clock::duration span_;
  mutable std::mutex mutex_;
  std::deque<std::pair<Clock::time_point, int64_t>> samples_;
};

}  // namespace clicklog::http
