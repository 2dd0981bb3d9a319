// DestinationTable interns destination strings to dense ids, so the window engine counts by
// integer and compares strings only when ranking. Ids are never reused: memory grows with the
// number of distinct destinations ever seen (docs/benchmarks.md measures it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clicklog::window {

class DestinationTable {
 public:
  uint32_t intern(std::string_view name);
  const std::string& name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t id_plus_one = 0;  // 0 marks an empty slot
  };
  static uint64_t hash_of(std::string_view s);
  void grow();

  std::vector<Slot> slots_ = std::vector<Slot>(64);
  std::vector<std::string> names_;
};

}  // namespace clicklog::window
