// DeadLetterQueue: forwards bad records unchanged (key and value) to the dead-letter topic with
// why and where they came from as headers: reason, topic, partition, offset (CONTRACT.md
// section 5). The job stores offsets past a bad record only once its copy is acknowledged, so
// none is lost; delivery is asynchronous so that bad records cost no round trip each.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kafka/producer.h"

namespace clicklog::job {

class DeadLetterQueue {
 public:
  DeadLetterQueue(kafka::Producer& producer, std::string dlq_topic, std::string source_topic)
      : producer_(producer),
        dlq_topic_(std::move(dlq_topic)),
        source_topic_(std::move(source_topic)) {}

  Status forward(std::optional<std::string_view> key, std::string_view value,
                 std::string_view reason, int32_t partition, int64_t offset);

  // Position after everything forwarded so far; confirmed(p) once all of it is acknowledged.
  uint64_t position() const { return producer_.sent(); }
  bool confirmed(uint64_t position) {
    producer_.poll(0);
    return producer_.acknowledged_prefix() >= position;
  }
  // A delivery that failed for good: the job must stop without committing past it.
  bool failed() const { return producer_.failed() > 0; }
  // Waits until everything forwarded is acknowledged, or `give_up()` says stop.
  template <class GiveUp>
  Status drain(GiveUp&& give_up);

  const std::string& topic() const { return dlq_topic_; }

 private:
  kafka::Producer& producer_;
  std::string dlq_topic_;
  std::string source_topic_;
};

template <class GiveUp>
Status DeadLetterQueue::drain(GiveUp&& give_up) {
  while (true) {
    Status st = producer_.flush(5000);
    if (failed()) return Error{"a record could not be delivered"};
    if (st || give_up()) return st;
  }
}

}  // namespace clicklog::job
