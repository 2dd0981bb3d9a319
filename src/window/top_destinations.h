// TopDestinations: the sliding-window "most searched destinations" engine of CONTRACT.md
// section 2, pure (no Kafka, no clock). Events are counted into per-slide buckets (O(1) each);
// emitting a window adds the newest bucket to running totals and subtracts the oldest, then ranks
// the totals (O(distinct destinations) per slide), so a window is never recounted from scratch.
// Single-threaded: the job's consumer thread owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "window/destination_table.h"
#include "window/flat_counter.h"

namespace clicklog::window {

struct Config {
  int64_t window_ms = 10 * 60 * 1000;
  int64_t slide_ms = 10 * 1000;
  int top_n = 10;
};

// Empty string when the config is usable, else why not.
std::string validate(const Config& config);

struct Entry {
  std::string destination;
  int64_t searches = 0;
  bool operator==(const Entry&) const = default;
};

// The window [start_ms, end_ms) and its top entries, ranked by searches descending, then
// destination ascending (bytewise).
struct WindowResult {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::vector<Entry> top;
  bool operator==(const WindowResult&) const = default;
};

enum class AddOutcome {
  kOnTime,       // counted in every window that holds it
  kLatePartial,  // some windows holding it were already emitted without it; counted in the rest
  kTooLate,      // every window holding it was already emitted: not counted anywhere
};

class TopDestinations {
 public:
  explicit TopDestinations(const Config& config);

  AddOutcome add(int64_t event_ms, std::string_view destination);

  // Appends, in increasing end, every window with end <= watermark_ms that holds data.
  void advance(int64_t watermark_ms, std::vector<WindowResult>& out);

  // Appends every window not yet emitted that holds data (end of a bounded replay).
  void flush(std::vector<WindowResult>& out);

  // Checkpoints (top_destinations_state.cpp): the buckets, the position (lo/hi/started) and the
  // destination names, in a small versioned binary form. restore() replaces this engine's state
  // with a saved one taken with the same window and slide; a restored engine then behaves
  // exactly as the one saved would have. On error the engine is left unchanged.
  std::string save() const;
  Status restore(std::string_view saved);

  const Config& config() const { return config_; }
  size_t distinct_destinations() const { return names_.size(); }
  size_t open_buckets() const { return buckets_.size(); }
  // End of the next window to emit, once the first window has been started.
  int64_t next_window_end() const { return (hi_ + 1) * config_.slide_ms; }

 private:
  void start_if_needed(std::optional<int64_t> watermark_ms);
  void emit_next(std::vector<WindowResult>& out);
  void apply(const FlatCounter& bucket, int64_t sign);
  WindowResult rank(int64_t end_ms) const;

  Config config_;
  int64_t slides_per_window_;
  DestinationTable names_;
  // Bucket b counts the events with b*slide <= t < (b+1)*slide.
  std::map<int64_t, FlatCounter> buckets_;
  int64_t cached_index_ = INT64_MIN;
  FlatCounter* cached_bucket_ = nullptr;

  // Once started, totals_ holds the sum of buckets [lo_, hi_): the last window passed ended at
  // hi_ * slide. Before that, events only fill buckets.
  bool started_ = false;
  int64_t lo_ = 0, hi_ = 0;
  std::vector<int64_t> totals_;
  int64_t window_total_ = 0;
};

}  // namespace clicklog::window
