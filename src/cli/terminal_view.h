// The terminal view of `run` and `demo` with the table format on a terminal: each window
// redraws the screen in place, as `top` does (cursor home, clear), with the rank change of
// every destination since the previous window and a status line (rate, consumer lag, how far
// the watermark trails the clock, bad records). Not a terminal: the plain table, as before.
// The frame is a pure function of its inputs; TerminalSink gathers them from the metrics.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "job/result_sink.h"

namespace clicklog::cli {

struct TerminalStatus {
  int64_t records = 0;
  std::optional<double> records_per_second;  // nullopt at the first window
  std::optional<int64_t> consumer_lag;       // sum over the partitions read; nullopt: unknown
  std::optional<int64_t> watermark_delay_ms;
  int64_t bad_records = 0;
};

// One screen: ANSI home + clear, the window's table with a column of rank changes (▲n, ▼n,
// "new"; none against no previous window), then the status line.
std::string render_terminal_frame(const window::WindowResult& window,
                                  const window::WindowResult* previous, int top_n,
                                  const TerminalStatus& status);

class TerminalSink : public job::ResultSink {
 public:
  TerminalSink(int top_n, FILE* out = stdout) : top_n_(top_n), out_(out) {}
  void write(const window::WindowResult& result) override;

 private:
  TerminalStatus gather_status();

  const int top_n_;
  FILE* out_;
  std::optional<window::WindowResult> previous_;
  std::optional<std::pair<std::chrono::steady_clock::time_point, int64_t>> last_records_;
};

// The sink for stdout: the terminal view for the table format on a terminal, else the plain
// one of job/result_sink.h (byte for byte as before).
std::unique_ptr<job::ResultSink> make_output_sink(job::OutputFormat format, int top_n);

}  // namespace clicklog::cli
