// StreamIdPool hands out the stream ids of one connection. Ids are reused oldest-released
// first, so a late duplicate response is less likely to meet a fresh request. Not thread-safe:
// the Connection calls it under its own lock.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace clicklog::cql {

class StreamIdPool {
 public:
  // Ids 0 .. capacity-1; capacity is clamped to [1, 32768] (v4 streams are non-negative shorts).
  explicit StreamIdPool(int capacity);

  std::optional<int16_t> acquire();
  // Returns an id; releasing an id that is not in use is ignored (returns false).
  bool release(int16_t id);
  bool in_use(int16_t id) const;
  int in_use_count() const { return capacity_ - static_cast<int>(free_.size()); }
  int capacity() const { return capacity_; }

 private:
  int capacity_;
  std::deque<int16_t> free_;
  std::vector<bool> used_;
};

}  // namespace clicklog::cql
