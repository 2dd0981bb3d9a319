#include "http/record_rate.h"

namespace clicklog::http {

void RecordRate::sample(Clock::time_point at, int64_t total) {
  std::lock_guard lock(mutex_);
  samples_.emplace_back(at, total);
  // Keep one sample at or before the span's start, so the rate always covers the whole span.
  while (samples_.size() > 2 && samples_[1].first <= at - span_) samples_.pop_front();
}

std::optional<double> RecordRate::per_second() const {
  std::lock_guard lock(mutex_);
  if (samples_.size() < 2) return std::nullopt;
  const auto& [t0, n0] = samples_.front();
  const auto& [t1, n1] = samples_.back();
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  if (seconds <= 0) return std::nullopt;
  return static_cast<double>(n1 - n0) / seconds;
}

}  // namespace clicklog::http
