// PollAhead: a thread that polls the consumer's next batch while the caller processes the one
// before, so that librdkafka's side of each message (taking it off the queue) overlaps the
// caller's work. One batch ahead at most. Whatever librdkafka calls back from inside a poll (the
// rebalance listener) is handed to the caller's thread and run there, at the caller's next
// take() or at stop(), as it would be without the thread: the caller never sees a callback in
// the middle of its own work. Internal to kafka/; Consumer owns one when asked to.
#pragma once

#include <librdkafka/rdkafka.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kafka/consumed.h"

namespace clicklog::kafka {

class PollAhead {
 public:
  // Polls `queue` in batches of up to `max`, each poll waiting at most timeout_ms.
  PollAhead(rd_kafka_queue_t* queue, size_t max, int timeout_ms);
  PollAhead(const PollAhead&) = delete;
  PollAhead& operator=(const PollAhead&) = delete;
  ~PollAhead() { stop(); }

  // The caller's thread: appends the next batch polled to `out`, waiting at most timeout_ms
  // for one (running any callback handed over meanwhile); nothing when none came.
  void take(ConsumedBatch& out, int timeout_ms);
  // The caller's thread: ends the polling thread, running any callback it hands over until it
  // has ended. A batch polled and not taken is released.
  void stop();

  // Whether this is the polling thread (inside a poll, librdkafka's callbacks run on it).
  bool on_polling_thread() const { return std::this_thread::get_id() == polling_id_; }
  // The polling thread, inside a callback: runs `work` on the caller's thread and returns once
  // it has run.
  void run_on_caller(const std::function<void()>& work);

 private:
  void pump();
  // With the lock held: runs a handed-over callback, if any, without the lock.
  bool run_handed_over(std::unique_lock<std::mutex>& lock);

  rd_kafka_queue_t* queue_;
  const size_t max_;
  const int timeout_ms_;
  std::mutex mutex_;
  std::condition_variable changed_;
  ConsumedBatch ready_;  // polled, not yet taken
  bool ready_full_ = false;
  const std::function<void()>* handed_over_ = nullptr;  // to run on the caller's thread
  bool stopping_ = false;
  bool stopped_ = false;  // the polling thread has ended
  std::thread::id polling_id_;
  std::thread thread_;
};

}  // namespace clicklog::kafka
