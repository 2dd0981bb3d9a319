// DeadLetterQueue: forwards bad records unchanged (key and value) to the dead-letter topic with
// why and where they came from as headers: reason, topic, partition, offset (CONTRACT.md
// section 5). The job confirms delivery before committing past a bad record, so none is lost.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kafka/producer.h"

namespace clicklog::job {

class DeadLetterQueue {
 public:
  DeadLetterQueue(kafka::Producer& producer, std::string dlq_topic, std::string source_topic)
      : producer_(producer), dlq_topic_(std::move(dlq_topic)), source_topic_(std::move(source_topic)) {}

  Status forward(std::optional<std::string_view> key, std::string_view value,
                 std::string_view reason, int32_t partition, int64_t offset);

  // Blocks until everything forwarded is acknowledged, retrying until `give_up()` says stop.
  template <class GiveUp>
  Status confirm(GiveUp&& give_up);

  bool pending() const { return pending_; }
  const std::string& topic() const { return dlq_topic_; }

 private:
  kafka::Producer& producer_;
  std::string dlq_topic_;
  std::string source_topic_;
  bool pending_ = false;
};

template <class GiveUp>
Status DeadLetterQueue::confirm(GiveUp&& give_up) {
  if (!pending_) return {};
  while (true) {
    Status st = producer_.flush(5000);
    if (st) {
      pending_ = false;
      return st;
    }
    if (give_up()) return st;
  }
}

}  // namespace clicklog::job
