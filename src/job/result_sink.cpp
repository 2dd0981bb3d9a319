#include "job/result_sink.h"

#include <fmt/format.h>

#include "common/json.h"
#include "common/time_format.h"

namespace clicklog::job {

std::optional<OutputFormat> parse_output_format(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "jsonl") return OutputFormat::kJsonl;
  return std::nullopt;
}

std::string to_jsonl(const window::WindowResult& r) {
  std::string out = fmt::format(R"({{"window_start":"{}","window_end":"{}","top":[)",
                                format_rfc3339_utc(r.start_ms), format_rfc3339_utc(r.end_ms));
  for (size_t i = 0; i < r.top.size(); ++i) {
    if (i) out += ',';
    out += R"({"destination":)";
    json::append_string(out, r.top[i].destination);
    out += fmt::format(R"(,"searches":{}}})", r.top[i].searches);
  }
  out += "]}";
  return out;
}

std::string to_table(const window::WindowResult& r, int top_n) {
  const std::string start = format_rfc3339_utc(r.start_ms), end = format_rfc3339_utc(r.end_ms);
  std::string out = fmt::format("Top {} destinations, {} to {}\n", top_n, start, end);
  size_t width = 11;
  for (const auto& e : r.top) width = std::max(width, e.destination.size());
  out += fmt::format("{:>4}  {:<{}}  {:>10}\n", "rank", "destination", width, "searches");
  for (size_t i = 0; i < r.top.size(); ++i) {
    out += fmt::format("{:>4}  {:<{}}  {:>10}\n", i + 1, r.top[i].destination, width,
                       r.top[i].searches);
  }
  out += '\n';
  return out;
}

namespace {

class StdoutSink : public ResultSink {
 public:
  StdoutSink(OutputFormat format, int top_n, FILE* out)
      : format_(format), top_n_(top_n), out_(out) {}
  void write(const window::WindowResult& r) override {
    const std::string text =
        format_ == OutputFormat::kJsonl ? to_jsonl(r) + '\n' : to_table(r, top_n_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }

 private:
  OutputFormat format_;
  int top_n_;
  FILE* out_;
};

}  // namespace

std::unique_ptr<ResultSink> make_stdout_sink(OutputFormat format, int top_n, FILE* out) {
  return std::make_unique<StdoutSink>(format, top_n, out);
}

}  // namespace clicklog::job
