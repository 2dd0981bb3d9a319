// Consumer: a librdkafka consumer-group member on one topic. Offsets are stored explicitly by
// the caller once records are processed (enable.auto.offset.store=false) and committed in the
// background and on close; or, with auto_commit off, committed only by commit(offsets). Owned
// and polled by one thread; the rebalance listener is called on that thread from inside
// poll_batch() (or close()). librdkafka's types stay behind this class: callers see ConsumedBatch
// items.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "kafka/client_config.h"
#include "kafka/consumed.h"

namespace clicklog::kafka {

class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  virtual void on_assigned(const std::vector<int32_t>& partitions) = 0;
  virtual void on_revoked(const std::vector<int32_t>& partitions) = 0;
  // Where to start reading a newly assigned partition; nullopt: the group's committed offset,
  // else auto.offset.reset. Asked before the assignment takes effect.
  virtual std::optional<int64_t> start_offset(int32_t /*partition*/) { return std::nullopt; }
  // Called once before start_offset() is asked for each of these partitions.
  virtual void prepare(const std::vector<int32_t>& /*partitions*/) {}
};

struct ConsumerOptions {
  std::string brokers;
  std::string topic;
  std::string group;
  bool from_beginning = false;  // auto.offset.reset=earliest where the group has no position
  int connect_timeout_ms = 10'000;
  // Background commit of stored offsets; off when the caller commits its own (checkpoints).
  bool auto_commit = true;
  // Static membership (group.instance.id): a member restarted with the same id takes its
  // partitions back without a rebalance; empty: a dynamic member.
  std::string instance_id;
  // With instance_id, on a cluster that ignores it (the embedded one, see member_fence.h): the
  // file where this member keeps its member id, so that the next process with the same id
  // removes it from the group before joining. Empty: real static membership is left to Kafka.
  std::string member_id_file;
  // The group's session timeout (heartbeats every tenth of it); 0: librdkafka's default.
  int session_timeout_ms = 0;
  // Per-partition lag as the clicklog_consumer_lag gauges; off for a consumer of an internal
  // topic, whose partitions are not the job's.
  bool report_lag = true;
  // poll_batch() takes batches a thread of the consumer's polled while the caller worked on the
  // one before (kafka/poll_ahead.h), as large as the first poll_batch() asked for; the
  // rebalance listener still runs on the caller's thread, inside poll_batch() or close().
  bool poll_ahead = false;
  Properties overrides;
};

class Consumer {
 public:
  static Result<Consumer> create(const ConsumerOptions& options);
  Consumer(Consumer&&) noexcept;
  Consumer& operator=(Consumer&&) noexcept;
  ~Consumer();

  void set_listener(RebalanceListener* listener);

  // Appends up to `max` items (records, partition ends, errors) to `out`, waiting at most
  // timeout_ms for the first.
  void poll_batch(ConsumedBatch& out, size_t max, int timeout_ms);

  // Marks everything before each offset as processed, for the next commit.
  Status store_offsets(const std::map<int32_t, int64_t>& next_offsets);
  Status commit_sync();
  // Commits exactly these next offsets for the group; async returns before the broker answers.
  // For checkpoints: a commit refused because the group is rebalancing, or its coordinator is
  // out of reach after librdkafka's retries, only earns a warning, since the caller's
  // checkpoint holds the positions.
  Status commit(const std::map<int32_t, int64_t>& next_offsets, bool async);

  // The current end (high watermark) of every partition of the topic.
  Result<std::map<int32_t, int64_t>> end_offsets(int timeout_ms);

  // The first offset still kept of every partition of the topic.
  Result<std::map<int32_t, int64_t>> first_offsets(int timeout_ms);

  // The group's committed next offset of every partition of the topic (negative: none).
  Result<std::map<int32_t, int64_t>> committed(int timeout_ms);

  // The cluster's id (empty when the cluster does not say within timeout_ms).
  std::string cluster_id(int timeout_ms) const;

  // Leaves the group after committing stored offsets. Idempotent.
  Status close();

  const std::string& topic() const;
  // The topic's partitions when the consumer was created.
  int partitions() const;

 private:
  struct Impl;
  explicit Consumer(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace clicklog::kafka
