// ClickSaver: what `clicklog run --store` adds to the streaming job, through its JobHooks.
// on_event buffers each considered click (CONTRACT.md section 3) of the Kafka batch in hand and
// folds it into the streaming state; before_offsets saves the buffer and the changed live
// answers, then flushes, so the job stores offsets only past clicks that are durable.
//
// While the store fails, before_offsets retries with backoff and does not return: the job
// stops consuming, so at most one Kafka batch is ever buffered. It gives up only when `stop`
// says so (shutdown), returning an error so nothing more is committed.
//
// The streaming state holds the UTC days from (today - state_days + 1) on, seeded from the
// store at start, so a restarted job answers the current day as if it had never stopped.
// Owned and used by the job's consumer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "event/classify.h"
#include "hotel/second_hotel_state.h"
#include "store/store.h"

namespace clicklog::store {

struct SaverOptions {
  int state_days = 2;  // 0: no streaming state, no live answers
  std::chrono::milliseconds first_backoff{250};
  std::chrono::milliseconds max_backoff{10'000};
  std::function<bool()> stop;              // default: shutdown_requested()
  std::function<int64_t()> wall_clock_ms;  // default: the system clock
};

struct SaverStats {
  uint64_t clicks_saved = 0;
  uint64_t live_rows_saved = 0;
  uint64_t flushes = 0;
  uint64_t failed_attempts = 0;
  uint64_t seeded_clicks = 0;
};

class ClickSaver {
 public:
  ClickSaver(Store& store, SaverOptions options);

  // Sets the state's first day and loads the held days from the store: every user's, or with
  // `only`, the users of those Kafka partitions.
  Status seed(const std::set<int32_t>* only = nullptr);

  // A --scale-out member's partitions: the state holds their users only. A partition new to
  // this process was read by another member until now, whose clicks are only in the store, so
  // its assignment loads that partition's users of the held days (folding a click twice changes
  // nothing); the users of partitions given away are forgotten. Partitions handed back and
  // assigned again in one rebalance were read by nobody in between: kept as they are.
  Status on_assigned(const std::vector<int32_t>& partitions);
  void on_revoked(const std::vector<int32_t>& partitions);

  void on_event(const TimedEvent& event, int32_t partition, int64_t offset);
  Status before_offsets();

  const hotel::SecondHotelState& state() const { return state_; }
  const SaverStats& stats() const { return stats_; }
  size_t buffered() const { return clicks_.size(); }
  // One line for the end of a run: clicks saved, retries, the state's size.
  std::string summary() const;

 private:
  void advance_floor();
  void report_state() const;  // the state's gauges
  Status save_once(const std::vector<LiveRow>& live);

  Store& store_;
  SaverOptions options_;
  hotel::SecondHotelState state_;
  SaverStats stats_;
  std::vector<StoredClick> clicks_;                // hotel views filled in at save time
  std::vector<std::pair<size_t, size_t>> hotels_;  // (offset, length) in arena_
  std::string arena_;
  std::vector<std::pair<int32_t, int64_t>> changed_;  // (day, user) whose answer changed
  std::set<int32_t> owned_;                           // partitions assigned to this process
  std::set<int32_t> released_;                        // revoked since the last assignment
};

}  // namespace clicklog::store
