#include "job/run_summary.h"

#include <fmt/format.h>

#include <cstdio>

#include "common/job_counts.h"
#include "common/log.h"

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
  const auto counts = metrics::job_counts();
  RunCounts c{.records = counts.records,
              .searches = counts.searches,
              .windows = counts.windows_emitted,
              .dead_letters = counts.dead_letters,
              .bad = counts.bad_records()};
  if (const auto it = counts.late_by_kind.find("partial"); it != counts.late_by_kind.end())
    c.late_partial = it->second;
  if (const auto it = counts.late_by_kind.find("dropped"); it != counts.late_by_kind.end())
    c.late_dropped = it->second;
  for (const auto& [reason, n] : counts.bad_by_reason) {
    if (n > 0) c.bad_by_reason += fmt::format(" {}={}", reason, n);
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
