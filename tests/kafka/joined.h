// For tests against the mock cluster: a rebalance listener that counts assigned partitions, and
// polling a consumer until its group has assigned it that many.
#pragma once

#include <chrono>
#include <vector>

#include "kafka/consumer.h"

namespace clicklog::kafka {

class Joined : public RebalanceListener {
 public:
  void on_assigned(const std::vector<int32_t>& partitions) override {
    assigned += partitions.size();
  }
  void on_revoked(const std::vector<int32_t>&) override {}
  size_t assigned = 0;
};

// Polls until `joined` has counted `partitions` assigned or 30 s pass; the count reached.
inline size_t poll_until_assigned(Consumer& consumer, Joined& joined, size_t partitions) {
  consumer.set_listener(&joined);
  ConsumedBatch batch;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (joined.assigned < partitions && std::chrono::steady_clock::now() < deadline) {
    consumer.poll_batch(batch, 100, 100);
    batch.clear();
  }
  return joined.assigned;
}

}  // namespace clicklog::kafka
