// LiveView: what the HTTP endpoint shows of a running job. The job's thread publishes each
// window as it is emitted (as its JSON line); request threads read the latest ones, and each
// stream subscriber gets its own bounded queue, dropped when full, so that a slow or stuck
// client never holds up the job. Each window's top list is also kept, compactly and for longer
// (six hours at 10 s slides), for the history of one destination.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clicklog::http {

class Subscription {
 public:
  explicit Subscription(size_t capacity) : capacity_(capacity) {}
  // Every queued window's JSON line, oldest first: waits up to `timeout` for the first, then
  // `linger` more, so that a burst of windows (a replay emits hundreds a second) goes out in
  // one write and one wake-up rather than one each. Empty if none came, or once dropped.
  std::vector<std::string> take(std::chrono::milliseconds timeout,
                                std::chrono::milliseconds linger);
  // What take() returned is written: see idle().
  void sent();
  // Nothing queued and nothing taken but unsent (or dropped): an endpoint that stops waits
  // for this, so that a bounded run's last windows reach its clients.
  bool idle() const;
  // The client fell `capacity` windows behind: its stream should end.
  bool dropped() const;

 private:
  friend class LiveView;
  void push(const std::string& window);  // the job's thread

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  bool dropped_ = false;
  bool in_flight_ = false;
};

// One window's ranked top list, as the history of a destination needs it (no JSON).
struct WindowCounts {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::vector<std::pair<std::string, int64_t>> top;  // (destination, searches), best first
};

// One window of a destination's history: where it ranked (1 = most searched) and its searches.
struct DestinationPoint {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int rank = 0;
  int64_t searches = 0;
  bool operator==(const DestinationPoint&) const = default;
};

class LiveView {
 public:
  // keep: windows held for /api/windows (360: an hour of 10 s slides); per_client: windows a
  // stream subscriber may fall behind before it is dropped; history: windows whose top lists
  // are held for destination_history (2160: six hours of 10 s slides).
  explicit LiveView(size_t keep = 360, size_t per_client = 64, size_t history = 2160);

  // The job's thread: the window as its JSON line, and its top list.
  void publish(std::string window_json, WindowCounts counts);
  // The latest n windows, oldest first (fewer if fewer were published).
  std::vector<std::string> last(size_t n) const;
  // The held windows that end within span_ms of the newest one's end and have `destination`
  // in their top list, oldest first. A window where it is not in the top is left out: the
  // job keeps no count below the top N.
  std::vector<DestinationPoint> destination_history(std::string_view destination,
                                                    int64_t span_ms) const;
  std::shared_ptr<Subscription> subscribe();

  size_t capacity() const { return keep_; }
  int64_t published() const;
  size_t subscribers() const;
  // Every subscriber idle (Subscription::idle).
  bool drained() const;
  int64_t dropped_subscribers() const;

 private:
  const size_t keep_, per_client_, history_;
  mutable std::mutex mutex_;
  std::deque<std::string> windows_;
  std::deque<WindowCounts> counts_;
  int64_t published_ = 0, dropped_ = 0;
  std::vector<std::weak_ptr<Subscription>> subscribers_;
};

}  // namespace clicklog::http
