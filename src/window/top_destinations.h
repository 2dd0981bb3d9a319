// TopDestinations: the sliding-window "most searched destinations" engine of CONTRACT.md
// section 2, pure (no Kafka, no clock). Searches arrive one by one (add) or as mergeable
// per-slide partial counts (merge, window/slice_counts.h) and land in per-slide buckets;
// emitting a window adds the newest bucket to running totals and subtracts the oldest, then the
// ranking step (window/ranking.h) ranks the totals, so a window is never recounted from scratch.
// A destination whose counts have all left the open windows is forgotten (name, id, total), so
// memory and checkpoints follow the live window, not every destination ever seen.
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
#include "window/ranking.h"
#include "window/slice_counts.h"

namespace clicklog::window {

struct Config {
  int64_t window_ms = 10 * 60 * 1000;
  int64_t slide_ms = 10 * 1000;
  int top_n = 10;
};

// Empty string when the config is usable, else why not.
std::string validate(const Config& config);

enum class AddOutcome {
  kOnTime,       // counted in every window that holds it
  kLatePartial,  // some windows holding it were already emitted without it; counted in the rest
  kTooLate,      // every window holding it was already emitted: not counted anywhere
};

// How many searches of a merged partial each outcome took.
struct MergeOutcome {
  int64_t late_partial = 0;
  int64_t too_late = 0;
};

class TopDestinations {
 public:
  explicit TopDestinations(const Config& config);

  AddOutcome add(int64_t event_ms, std::string_view destination);

  // The id of a destination, for partial counts to merge. It stays valid until the next
  // advance() or flush(), which may forget destinations no open window holds: merge every
  // partial taken with it before either (the job does, job/processor.h).
  uint32_t intern(std::string_view destination);
  // Adds partial counts taken with this engine's ids and slide, exactly as adding each search
  // one by one would (a search's outcome depends on the windows emitted, not on its order
  // among the others).
  MergeOutcome merge(const SliceCounts& partial);

  // Appends, in increasing end, every window with end <= watermark_ms that holds data, then
  // forgets the destinations left in no open window.
  void advance(int64_t watermark_ms, std::vector<WindowResult>& out);

  // Appends every window not yet emitted that holds data (end of a bounded replay).
  void flush(std::vector<WindowResult>& out);

  // Checkpoints (top_destinations_state.cpp): the buckets, the position (lo/hi/started) and the
  // names of the destinations held, in a small versioned binary form. restore() replaces this
  // engine's state with a saved one taken with the same window and slide (also one saved before
  // destinations were forgotten, which then sheds them); a restored engine then behaves exactly
  // as the one saved would have. On error the engine is left unchanged.
  std::string save() const;
  Status restore(std::string_view saved);

  const Config& config() const { return config_; }
  // Destinations held: those counted in a bucket some open window holds (or not yet emitted),
  // plus, until the next advance(), those interned for a partial not merged yet.
  size_t distinct_destinations() const { return names_.size(); }
  size_t open_buckets() const { return buckets_.size(); }
  // Whether windows have begun to pass (before, every search lands in a bucket, none is late).
  bool started() const { return started_; }
  // End of the next window to emit, once the first window has been started.
  int64_t next_window_end() const { return (hi_ + 1) * config_.slide_ms; }

 private:
  void start_if_needed(std::optional<int64_t> watermark_ms);
  void emit_next(std::vector<WindowResult>& out);
  // What becomes of searches of slide b, given the windows already emitted.
  AddOutcome place(int64_t b) const;
  void apply(const FlatCounter& bucket, int64_t sign);
  void add_late(uint32_t id, int64_t count);
  // Counts n searches of `id` into bucket b, keeping the id's bucket references.
  void count(FlatCounter& bucket, uint32_t id, int64_t n);
  // The oldest bucket leaves the last open window: subtract it, drop it, forget the
  // destinations no other bucket holds.
  void drop_bucket(int64_t b);
  void release(uint32_t id);
  // Forgets what was interned since the last advance but never counted (only too-late searches).
  void forget_uncounted();
  // After restore: rebuilds the totals and drops what a checkpoint from before held in excess.
  void shed_what_no_open_window_holds();

  Config config_;
  int64_t slides_per_window_;
  DestinationTable names_;
  // Bucket b counts the events with b*slide <= t < (b+1)*slide.
  SliceCounts buckets_;

  // Once started, the last window passed ended at hi_ * slide and covered buckets [lo_, hi_);
  // bucket lo_ is in no open window, so it is gone, and totals_ holds the sum of buckets
  // (lo_, hi_), the part every open window shares. Before that, events only fill buckets.
  bool started_ = false;
  int64_t lo_ = 0, hi_ = 0;
  std::vector<int64_t> totals_;  // by id
  int64_t window_total_ = 0;
  // By id: how many held buckets count the destination; at 0 it is forgotten.
  std::vector<uint32_t> buckets_holding_;
  std::vector<uint32_t> interned_since_advance_;  // new ids, forgotten at advance if uncounted
};

}  // namespace clicklog::window
