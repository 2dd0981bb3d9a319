#include "common/job_counts.h"

#include <numeric>

namespace clicklog::metrics {

std::string label_value(const std::string& labels) {
  const auto q = labels.find('"');
  return q == std::string::npos ? labels : labels.substr(q + 1, labels.rfind('"') - q - 1);
}

JobCounts job_counts(const std::vector<Sample>& samples) {
  JobCounts c;
  for (const auto& s : samples) {
    if (s.name == "clicklog_records_total") c.records = s.value;
    if (s.name == "clicklog_searches_total") c.searches = s.value;
    if (s.name == "clicklog_windows_emitted_total") c.windows_emitted = s.value;
    if (s.name == "clicklog_dead_letters_total") c.dead_letters += s.value;
    if (s.name == "clicklog_watermark_ms") c.watermark_ms = s.value;
    if (s.name == "clicklog_bad_records_total") c.bad_by_reason[label_value(s.labels)] = s.value;
    if (s.name == "clicklog_late_searches_total") c.late_by_kind[label_value(s.labels)] = s.value;
    // -1: a partition this member does not read (any more), or not known yet.
    if (s.name == "clicklog_consumer_lag" && s.value >= 0) {
      c.consumer_lag[std::stoi(label_value(s.labels))] = s.value;
    }
  }
  return c;
}

int64_t JobCounts::bad_records() const {
  return std::accumulate(bad_by_reason.begin(), bad_by_reason.end(), int64_t{0},
                         [](int64_t sum, const auto& reason) { return sum + reason.second; });
}

std::optional<int64_t> JobCounts::consumer_lag_total() const {
  if (consumer_lag.empty()) return std::nullopt;
  int64_t total = 0;
  for (const auto& [_, lag] : consumer_lag) total += lag;
  return total;
}

}  // namespace clicklog::metrics
