// The streaming job's counts as this process's metrics hold them, read by name in one pass over
// metrics::snapshot(): the end-of-run summary, the status API and the terminal view share it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/metrics.h"

namespace clicklog::metrics {

struct JobCounts {
  int64_t records = 0, searches = 0, windows_emitted = 0, dead_letters = 0;
  int64_t watermark_ms = 0;                      // 0: no watermark yet
  std::map<std::string, int64_t> bad_by_reason;  // every reason counted so far, zeros included
  std::map<std::string, int64_t> late_by_kind;   // "partial", "dropped"
  std::map<int32_t, int64_t> consumer_lag;       // by partition, of those this member reads

  int64_t bad_records() const;
  std::optional<int64_t> consumer_lag_total() const;  // nullopt: no partition's lag known
};

JobCounts job_counts(const std::vector<Sample>& samples);
inline JobCounts job_counts() {
  return job_counts(snapshot());
}

// The value of a one-label set: "bad_time" of reason="bad_time".
std::string label_value(const std::string& labels);

}  // namespace clicklog::metrics
