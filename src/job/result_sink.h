// Where window results go: a readable table for people (--output table) or JSON lines for
// programs (--output jsonl, CONTRACT.md section 2). Both write to stdout and flush per window.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "window/top_destinations.h"

namespace clicklog::job {

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void write(const window::WindowResult& result) = 0;
};

enum class OutputFormat { kTable, kJsonl };

// "table" / "jsonl"; nullopt otherwise.
std::optional<OutputFormat> parse_output_format(const std::string& name);

// The JSON line for one window, without the newline.
std::string to_jsonl(const window::WindowResult& result);
// The table block for one window, ending with a blank line.
std::string to_table(const window::WindowResult& result, int top_n);

std::unique_ptr<ResultSink> make_stdout_sink(OutputFormat format, int top_n, FILE* out = stdout);

}  // namespace clicklog::job
