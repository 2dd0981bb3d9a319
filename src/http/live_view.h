// LiveView: what the HTTP endpoint shows of a running job. The job's thread publishes each
// window as it is emitted (as its JSON line); request threads read the latest ones, and each
// stream subscriber gets its own bounded queue, dropped when full, so that a slow or stuck
// client never holds up the job.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clicklog::http {

class Subscription {
 public:
  explicit Subscription(size_t capacity) : capacity_(capacity) {}
  // The next window's JSON line, waiting up to `timeout`; nullopt if none came, or once dropped.
  std::optional<std::string> next(std::chrono::milliseconds timeout);
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
};

class LiveView {
 public:
  // keep: windows held for /api/windows (360: an hour of 10 s slides); per_client: windows a
  // stream subscriber may fall behind before it is dropped.
  explicit LiveView(size_t keep = 360, size_t per_client = 64);

  void publish(std::string window_json);
  // The latest n windows, oldest first (fewer if fewer were published).
  std::vector<std::string> last(size_t n) const;
  std::shared_ptr<Subscription> subscribe();

  size_t capacity() const { return keep_; }
  int64_t published() const;
  size_t subscribers() const;
  int64_t dropped_subscribers() const;

 private:
  const size_t keep_, per_client_;
  mutable std::mutex mutex_;
  std::deque<std::string> windows_;
  int64_t published_ = 0, dropped_ = 0;
  std::vector<std::weak_ptr<Subscription>> subscribers_;
};

}  // namespace clicklog::http
