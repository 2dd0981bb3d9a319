#include "job/run_summary.h"

#include <fmt/format.h>

#include <cstdio>

#include "common/log.h"
#include "common/metrics.h"

namespace clicklog::job {

void print_run_summary(double elapsed_seconds, double flowing_seconds) {
  int64_t records = 0, searches = 0, windows = 0, dead = 0, late_partial = 0, late_dropped = 0;
  std::string bad;
  int64_t bad_total = 0;
  for (const auto& s : metrics::snapshot()) {
    if (s.name == "clicklog_records_total") records = s.value;
    if (s.name == "clicklog_searches_total") searches = s.value;
    if (s.name == "clicklog_windows_emitted_total") windows = s.value;
    if (s.name == "clicklog_dead_letters_total") dead = s.value;
    if (s.name == "clicklog_late_searches_total" && s.labels == "kind=\"partial\"")
      late_partial = s.value;
    if (s.name == "clicklog_late_searches_total" && s.labels == "kind=\"dropped\"")
      late_dropped = s.value;
    if (s.name == "clicklog_bad_records_total" && s.value > 0) {
      bad_total += s.value;
      // labels look like reason="bad_time"
      const auto q = s.labels.find('"');
      bad += fmt::format(" {}={}", s.labels.substr(q + 1, s.labels.size() - q - 2), s.value);
    }
  }
  const double rate = flowing_seconds > 0 ? static_cast<double>(records) / flowing_seconds : 0;
  std::string text = fmt::format(
      "clicklog summary: {} records in {:.2f} s ({:.2f} s from first record to last: {:.0f}/s), "
      "{} searches counted, {} windows emitted, late searches: {} partial, {} dropped\n",
      records, elapsed_seconds, flowing_seconds, rate, searches, windows, late_partial,
      late_dropped);
  text +=
      fmt::format("clicklog summary: {} bad records{}{}, {} forwarded to the dead-letter topic\n",
                  bad_total, bad.empty() ? "" : " by reason:", bad, dead);
  std::fputs(text.c_str(), stderr);
}

void RunClock::saw_records() {
  last_ = std::chrono::steady_clock::now();
  if (first_ == std::chrono::steady_clock::time_point{}) {
    first_ = last_;
    log::info("first record {:.3f} s after start", seconds(first_ - started_));
  }
}

}  // namespace clicklog::job
