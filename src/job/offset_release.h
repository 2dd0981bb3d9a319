// OffsetRelease: without checkpoints, a batch's offsets go to the group's background commit
// only once every dead letter forwarded before them is acknowledged, so that no bad record is
// committed past before its copy is safe. Owned by the job's thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "job/dead_letter.h"
#include "kafka/consumer.h"

namespace clicklog::job {

class OffsetRelease {
 public:
  OffsetRelease(kafka::Consumer& consumer, DeadLetterQueue& dlq) : consumer_(consumer), dlq_(dlq) {}

  // The next offsets a batch reached, held until the dead letters sent so far are confirmed.
  void hold(const std::map<int32_t, int64_t>& next_offsets) {
    if (!next_offsets.empty()) held_.push_back({dlq_.position(), next_offsets});
  }
  // Stores the offsets of every held batch whose dead letters are now acknowledged.
  void store_confirmed();

 private:
  struct Held {
    uint64_t dlq_position;
    std::map<int32_t, int64_t> offsets;
  };
  kafka::Consumer& consumer_;
  DeadLetterQueue& dlq_;
  std::deque<Held> held_;
};

}  // namespace clicklog::job
