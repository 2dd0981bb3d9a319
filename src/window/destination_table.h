// DestinationTable interns destination strings to small ids, so the window engine counts by
// integer and compares strings only when ranking. The engine forgets a destination once its
// counts have left every open window; its id then goes back to a free list and is reused, so
// memory follows the destinations alive at once, not all those ever seen. An id stays the same
// for as long as its destination is held.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clicklog::window {

class DestinationTable {
 public:
  // The id of `name`, taking a free one for a name not held.
  uint32_t intern(std::string_view name) { return intern(name, nullptr); }
  // The same, telling whether the name was new.
  uint32_t intern(std::string_view name, bool* added);
  // Drops a held id: its name is gone, the id is free for the next new name.
  void forget(uint32_t id);

  const std::string& name(uint32_t id) const { return names_[id]; }
  // Destinations held.
  size_t size() const { return held_; }
  // One past the largest id ever handed out while held: the size of id-indexed arrays.
  size_t id_bound() const { return names_.size(); }
  bool holds(uint32_t id) const { return id < names_.size() && live_[id]; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t id_plus_one = 0;  // 0 marks an empty slot
  };
  static uint64_t hash_of(std::string_view s);
  void rehash(size_t slot_count);
  // The slot holding `id` (whose name hashes to `h`).
  size_t slot_of(uint32_t id, uint64_t h) const;

  std::vector<Slot> slots_ = std::vector<Slot>(kMinSlots);
  std::vector<std::string> names_;
  std::vector<bool> live_;
  std::vector<uint32_t> free_ids_;
  size_t held_ = 0;
  static constexpr size_t kMinSlots = 64;
};

}  // namespace clicklog::window
