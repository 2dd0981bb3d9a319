// FlatCounter: an open-addressing map from a small integer id to a count, used for the per-slide
// counts of the window engine. One cache line per probe on the hot path, no allocation per event.
#pragma once

#include <cstdint>
#include <vector>

namespace clicklog::window {

class FlatCounter {
 public:
  struct Slot {
    uint32_t key_plus_one = 0;  // 0 marks an empty slot
    int64_t count = 0;
  };

  // True when `key` was not counted here before.
  bool add(uint32_t key, int64_t delta) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.key_plus_one == key + 1) {
        s.count += delta;
        return false;
      }
      if (s.key_plus_one == 0) {
        s.key_plus_one = key + 1;
        s.count = delta;
        ++size_;
        return true;
      }
    }
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.key_plus_one != 0) f(s.key_plus_one - 1, s.count);
  }

 private:
  static size_t hash(uint32_t key) { return (key * 0x9E3779B1u) >> 7; }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    size_ = 0;
    for (const Slot& s : old)
      if (s.key_plus_one != 0) add(s.key_plus_one - 1, s.count);
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace clicklog::window
