// Producer: an idempotent (acks=all) librdkafka producer with delivery accounting. Owned by one
// thread; send() may block briefly while the local queue is full. Destruction flushes with a
// short deadline and reports what could not be delivered.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "kafka/client_config.h"

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
  Producer(Producer&&) noexcept;
  Producer& operator=(Producer&&) noexcept;
  ~Producer();

  // Queues one record; no key when `key` is nullopt; partition -1 lets the partitioner choose.
  Status send(const std::string& topic, std::optional<std::string_view> key, std::string_view value,
              const std::vector<Header>& headers = {}, int32_t partition = -1);

  // Serves delivery reports.
  void poll(int timeout_ms = 0);

  // Waits until every queued record is delivered; an error when some are still queued after
  // timeout_ms or any delivery failed since the last flush.
  Status flush(int timeout_ms);

  // Sequence numbers: the n-th record accepted by send() has number n (from 0). Every record
  // numbered below acknowledged_prefix() has been delivered; a failed one stops it for good.
  uint64_t sent() const { return sent_; }
  uint64_t acknowledged_prefix() const;

  uint64_t delivered() const;
  uint64_t failed() const;
  // Records queued and not yet acknowledged.
  int queued() const;

  // The cluster's id (empty when the cluster does not say within timeout_ms).
  std::string cluster_id(int timeout_ms) const;

  // Partitions of `topic`, or an error saying why it is not available (missing, unreachable).
  Result<int> partition_count(const std::string& topic, int timeout_ms) const;
  // Creates a topic with the cluster's default replication (the admin API).
  Status create_topic(const std::string& topic, int partitions, int timeout_ms);

 private:
  struct Impl;
  explicit Producer(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  uint64_t sent_ = 0;
};

}  // namespace clicklog::kafka
