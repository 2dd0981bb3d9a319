#include "cli/terminal_view.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "common/job_counts.h"
#include "common/time_format.h"

namespace clicklog::cli {
namespace {

constexpr std::string_view kHomeAndClear = "\x1b[H\x1b[2J";

// "▲2", "▼1", "new" or "": the change of rank since the previous window.
std::string rank_change(const window::WindowResult* previous, const std::string& name,
                        size_t rank) {
  if (!previous) return "";
  const auto& top = previous->top;
  const auto it = std::find_if(top.begin(), top.end(),
                               [&](const window::Entry& e) { return e.destination == name; });
  if (it == top.end()) return "new";
  const auto was = static_cast<size_t>(it - top.begin());
  if (was > rank) return fmt::format("▲{}", was - rank);
  if (was < rank) return fmt::format("▼{}", rank - was);
  return "";
}

std::string status_line(const TerminalStatus& s) {
  std::string line = fmt::format("{} records", s.records);
  if (s.records_per_second) line += fmt::format(" ({:.0f}/s)", *s.records_per_second);
  line += s.consumer_lag ? fmt::format(" · consumer lag {}", *s.consumer_lag)
                         : std::string(" · consumer lag ?");
  if (s.watermark_delay_ms) {
    line += fmt::format(" · watermark {:.1f} s behind", *s.watermark_delay_ms / 1000.0);
  }
  line += fmt::format(" · {} bad records", s.bad_records);
  return line;
}

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string render_terminal_frame(const window::WindowResult& w,
                                  const window::WindowResult* previous, int top_n,
                                  const TerminalStatus& status) {
  std::string out(kHomeAndClear);
  out += fmt::format("Top {} destinations, {} to {}\n", top_n, format_rfc3339_utc(w.start_ms),
                     format_rfc3339_utc(w.end_ms));
  size_t width = 11;
  for (const auto& e : w.top) width = std::max(width, e.destination.size());
  out += fmt::format("{:>4}  {:<4}  {:<{}}  {:>10}\n", "rank", "move", "destination", width,
                     "searches");
  for (size_t i = 0; i < w.top.size(); ++i) {
    const std::string move = rank_change(previous, w.top[i].destination, i);
    // fmt pads UTF-8 by display width, so "▲2" lines up with "new".
    out += fmt::format("{:>4}  {:<4}  {:<{}}  {:>10}\n", i + 1, move, w.top[i].destination, width,
                       w.top[i].searches);
  }
  out += '\n' + status_line(status) + '\n';
  return out;
}

TerminalStatus TerminalSink::gather_status() {
  const auto counts = metrics::job_counts();
  TerminalStatus s{.records = counts.records,
                   .consumer_lag = counts.consumer_lag_total(),
                   .bad_records = counts.bad_records()};
  if (counts.watermark_ms > 0) s.watermark_delay_ms = wall_now_ms() - counts.watermark_ms;
  const auto now = std::chrono::steady_clock::now();
  if (last_records_) {
    const double seconds = std::chrono::duration<double>(now - last_records_->first).count();
    if (seconds > 0) {
      s.records_per_second = static_cast<double>(s.records - last_records_->second) / seconds;
    }
  }
  last_records_.emplace(now, s.records);
  return s;
}

void TerminalSink::write(const window::WindowResult& result) {
  const std::string frame =
      render_terminal_frame(result, previous_ ? &*previous_ : nullptr, top_n_, gather_status());
  std::fwrite(frame.data(), 1, frame.size(), out_);
  std::fflush(out_);
  previous_ = result;
}

std::unique_ptr<job::ResultSink> make_output_sink(job::OutputFormat format, int top_n) {
  if (format == job::OutputFormat::kTable && isatty(STDOUT_FILENO)) {
    return std::make_unique<TerminalSink>(top_n);
  }
  return job::make_stdout_sink(format, top_n);
}

}  // namespace clicklog::cli
