#include "job/run_summary.h"

#include <fmt/format.h>

#include <cstdio>

#include "common/log.h"
#include "common/metrics.h"

namespace clicklog::job {

std::string format_run_summary(const RunCounts& c, double elapsed_seconds, double flowing_seconds) {
  std::string flow;
  if (c.records == 0) {
    flow = "none read";
  } else if (flowing_seconds <= 0) {
    flow = "all in one batch";
  } else {
    flow = fmt::format("{:.2f} s from first record to last: {:.0f}/s", flowing_seconds,
                       static_cast<double>(c.records) / flowing_seconds);
  }
  std::string text = fmt::format(
      "clicklog summary: {} records in {:.2f} s ({}), {} searches counted, {} windows emitted, "
      "late searches: {} partial, {} dropped\n",
      c.records, elapsed_seconds, flow, c.searches, c.windows, c.late_partial, c.late_dropped);
  text += fmt::format(
      "clicklog summary: {} bad records{}{}, {} forwarded to the dead-letter topic\n", c.bad,
      c.bad_by_reason.empty() ? "" : " by reason:", c.bad_by_reason, c.dead_letters);
  return text;
}

void print_run_summary(double elapsed_seconds, double flowing_seconds) {
  RunCounts c;
  for (const auto& s : metrics::snapshot()) {
    if (s.name == "clicklog_records_total") c.records = s.value;
    if (s.name == "clicklog_searches_total") c.searches = s.value;
    if (s.name == "clicklog_windows_emitted_total") c.windows = s.value;
    if (s.name == "clicklog_dead_letters_total") c.dead_letters = s.value;
    if (s.name == "clicklog_late_searches_total" && s.labels == "kind=\"partial\"")
      c.late_partial = s.value;
    if (s.name == "clicklog_late_searches_total" && s.labels == "kind=\"dropped\"")
      c.late_dropped = s.value;
    if (s.name == "clicklog_bad_records_total" && s.value > 0) {
      c.bad += s.value;
      // labels look like reason="bad_time"
      const auto q = s.labels.find('"');
      c.bad_by_reason +=
          fmt::format(" {}={}", s.labels.substr(q + 1, s.labels.size() - q - 2), s.value);
    }
  }
  std::fputs(format_run_summary(c, elapsed_seconds, flowing_seconds).c_str(), stderr);
}

void RunClock::saw_records() {
  last_ = std::chrono::steady_clock::now();
  if (first_ == std::chrono::steady_clock::time_point{}) {
    first_ = last_;
    log::info("first record {:.3f} s after start", seconds(first_ - started_));
  }
}

}  // namespace clicklog::job
