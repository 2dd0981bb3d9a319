// Producer: an idempotent (acks=all) librdkafka producer with delivery accounting. Owned by one
// thread; send() may block briefly while the local queue is full. Destruction flushes with a
// short deadline and reports what could not be delivered.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "kafka/client_config.h"
#include "kafka/handles.h"

namespace clicklog::kafka {

struct Header {
  std::string key;
  std::string value;
};

class Producer {
 public:
  // Connects and checks the cluster answers within connect_timeout_ms.
  static Result<Producer> create(const std::string& brokers, const Properties& overrides,
                                 int connect_timeout_ms, const Properties& extra_defaults = {});
  Producer(Producer&&) noexcept = default;
  Producer& operator=(Producer&&) noexcept = default;
  ~Producer();

  // Queues one record; no key when `key` is nullopt; partition -1 lets the partitioner choose.
  Status send(const std::string& topic, std::optional<std::string_view> key,
              std::string_view value, const std::vector<Header>& headers = {},
              int32_t partition = -1);

  // Serves delivery reports.
  void poll(int timeout_ms = 0);

  // Waits until every queued record is delivered; an error when some are still queued after
  // timeout_ms or any delivery failed since the last flush.
  Status flush(int timeout_ms);

  // Sequence numbers: the n-th record accepted by send() has number n (from 0). Every record
  // numbered below acknowledged_prefix() has been delivered; a failed one stops it for good.
  uint64_t sent() const { return sent_; }
  uint64_t acknowledged_prefix() const;

  uint64_t delivered() const { return stats_->delivered.load(); }
  uint64_t failed() const { return stats_->failed.load(); }
  int queued() const { return rd_kafka_outq_len(rk_.get()); }
  rd_kafka_t* handle() const { return rk_.get(); }

 private:
  struct Stats {
    std::atomic<uint64_t> delivered{0};
    std::atomic<uint64_t> failed{0};
    std::atomic<uint64_t> failed_since_flush{0};
    std::string last_error;  // written by the delivery callback, on the polling thread
    std::mutex mutex;        // guards the two below
    uint64_t acked_prefix = 0;
    std::set<uint64_t> acked_ahead;  // delivered out of order, above acked_prefix
  };
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);

  Producer(HandlePtr rk, std::unique_ptr<Stats> stats) : stats_(std::move(stats)), rk_(std::move(rk)) {}

  std::unique_ptr<Stats> stats_;
  HandlePtr rk_;
  uint64_t sent_ = 0;
};

}  // namespace clicklog::kafka
