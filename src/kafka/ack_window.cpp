#include "kafka/ack_window.h"

namespace clicklog::kafka {

void AckWindow::ack(uint64_t seq) {
  if (seq < prefix_) return;
  const uint64_t index = seq - prefix_;
  if (index >= acked_.size()) acked_.resize(index + 1, false);
  if (acked_[index]) return;
  acked_[index] = true;
  ++ahead_;
  while (!acked_.empty() && acked_.front()) {
    acked_.pop_front();
    ++prefix_;
    --ahead_;
  }
}

}  // namespace clicklog::kafka
