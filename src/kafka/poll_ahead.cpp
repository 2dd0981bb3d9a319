#include "kafka/poll_ahead.h"

#include <chrono>

namespace clicklog::kafka {

PollAhead::PollAhead(rd_kafka_queue_t* queue, size_t max, int timeout_ms)
    : queue_(queue), max_(max), timeout_ms_(timeout_ms) {
  std::unique_lock lock(mutex_);
  thread_ = std::thread([this] { pump(); });
  polling_id_ = thread_.get_id();
}

void PollAhead::pump() {
  std::vector<rd_kafka_message_t*> polled;
  ConsumedBatch next;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !ready_full_; });
      if (stopping_) break;
    }
    next.poll(queue_, max_, timeout_ms_, polled);
    if (next.empty()) continue;
    std::unique_lock lock(mutex_);
    ready_.swap(next);
    ready_full_ = true;
    changed_.notify_all();
  }
  next.clear();
  std::unique_lock lock(mutex_);
  stopped_ = true;
  changed_.notify_all();
}

bool PollAhead::run_handed_over(std::unique_lock<std::mutex>& lock) {
  if (!handed_over_) return false;
  const auto* work = handed_over_;
  lock.unlock();
  (*work)();
  lock.lock();
  handed_over_ = nullptr;
  changed_.notify_all();
  return true;
}

void PollAhead::take(ConsumedBatch& out, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock lock(mutex_);
  while (true) {
    if (ready_full_) {
      out.append(ready_);
      ready_full_ = false;
      changed_.notify_all();
      return;
    }
    if (run_handed_over(lock)) continue;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && !ready_full_ &&
        !handed_over_) {
      return;
    }
  }
}

void PollAhead::run_on_caller(const std::function<void()>& work) {
  std::unique_lock lock(mutex_);
  handed_over_ = &work;
  changed_.notify_all();
  changed_.wait(lock, [&] { return handed_over_ == nullptr; });
}

void PollAhead::stop() {
  if (!thread_.joinable()) return;
  std::unique_lock lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
  while (!stopped_) {
    if (run_handed_over(lock)) continue;
    changed_.wait(lock);
  }
  lock.unlock();
  thread_.join();
  ready_.clear();
  ready_full_ = false;
}

}  // namespace clicklog::kafka
