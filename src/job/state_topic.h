// StateTopic: the job's checkpoints copied to a Kafka topic (--state-topic, best compacted), so
// that a job started where its state folder is empty or older (another machine, a lost disk)
// resumes from its group's newest checkpoint instead of from the committed offsets with empty
// windows (docs/reliability.md, "State on another machine"). Owned by the job's thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "job/checkpoint.h"
#include "kafka/client_config.h"
#include "kafka/producer.h"

namespace clicklog::job {

struct StateTopicOptions {
  std::string topic;
  std::string group;  // the key prefix: one checkpoint lineage per group
  std::string brokers;
  kafka::Properties overrides;
  int timeout_ms = 10'000;
};

class StateTopic {
 public:
  StateTopic(kafka::Producer& producer, StateTopicOptions options)
      : producer_(producer), options_(std::move(options)) {}

  // The newest checkpoint published whole for the group; nullopt when there is none.
  Result<std::optional<Checkpoint>> fetch() const;
  // Queues the checkpoint's chunks on the job's producer; like dead letters and results they
  // are acknowledged before the next checkpoint is taken, and a delivery failing for good
  // stops the job.
  // `bytes` is the checkpoint numbered `sequence` in its byte form (encode_checkpoint).
  Status publish(uint64_t sequence, std::string_view bytes);
  const std::string& topic() const { return options_.topic; }

 private:
  kafka::Producer& producer_;
  StateTopicOptions options_;
};

}  // namespace clicklog::job
