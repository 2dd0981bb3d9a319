// AckWindow: the longest prefix of sequence numbers 0, 1, 2, ... acknowledged so far, when the
// acknowledgements arrive out of order (a producer's deliveries come per partition, so across
// partitions they interleave). Constant time per acknowledgement and no allocation per number:
// one flag per number between the prefix and the highest number acknowledged.
#pragma once

#include <cstdint>
#include <deque>

namespace clicklog::kafka {

class AckWindow {
 public:
  // Marks `seq` acknowledged; a number below the prefix or seen before changes nothing.
  void ack(uint64_t seq);
  // Every number below this one has been acknowledged.
  uint64_t prefix() const { return prefix_; }
  // Numbers acknowledged above the prefix, waiting for a gap below them to fill.
  uint64_t ahead() const { return ahead_; }

 private:
  uint64_t prefix_ = 0;
  uint64_t ahead_ = 0;
  std::deque<bool> acked_;  // acked_[i]: whether prefix_ + i has been acknowledged
};

}  // namespace clicklog::kafka
