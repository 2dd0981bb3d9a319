// Process-wide metrics: counters and gauges are declared next to the code that updates them
// (a function-local static reference from metrics::counter()), and gathered here for export
// (Prometheus text on the /metrics endpoint, and the end-of-run summary). Updates are relaxed
// atomics: any thread may touch them.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clicklog::metrics {

struct Metric {
  std::string name;    // Prometheus name, e.g. clicklog_records_total
  std::string labels;  // rendered label set without braces, e.g. reason="bad_time"; may be empty
  std::string help;
  bool gauge = false;
  std::atomic<int64_t> value{0};

  void add(int64_t n = 1) { value.fetch_add(n, std::memory_order_relaxed); }
  void set(int64_t v) { value.store(v, std::memory_order_relaxed); }
  int64_t get() const { return value.load(std::memory_order_relaxed); }
};

// Returns the metric with this name and labels, creating it on first use. References stay
// valid for the life of the process.
Metric& counter(std::string_view name, std::string_view help, std::string_view labels = {});
Metric& gauge(std::string_view name, std::string_view help, std::string_view labels = {});

struct Sample {
  std::string name, labels;
  int64_t value;
};
std::vector<Sample> snapshot();
std::string render_prometheus();

}  // namespace clicklog::metrics
