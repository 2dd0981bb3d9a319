#include "cql/stream_ids.h"

#include <algorithm>

namespace clicklog::cql {

StreamIdPool::StreamIdPool(int capacity)
    : capacity_(std::clamp(capacity, 1, 32768)), used_(static_cast<size_t>(capacity_), false) {
  for (int i = 0; i < capacity_; ++i) free_.push_back(static_cast<int16_t>(i));
}

std::optional<int16_t> StreamIdPool::acquire() {
  if (free_.empty()) return std::nullopt;
  int16_t id = free_.front();
  free_.pop_front();
  used_[static_cast<size_t>(id)] = true;
  return id;
}

bool StreamIdPool::release(int16_t id) {
  if (!in_use(id)) return false;
  used_[static_cast<size_t>(id)] = false;
  free_.push_back(id);
  return true;
}

bool StreamIdPool::in_use(int16_t id) const {
  return id >= 0 && id < capacity_ && used_[static_cast<size_t>(id)];
}

}  // namespace clicklog::cql
