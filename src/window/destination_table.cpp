#include "window/destination_table.h"

namespace clicklog::window {

// FNV-1a with a final avalanche: destinations are short, so a simple byte loop beats a
// general-purpose hash here.
uint64_t DestinationTable::hash_of(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

uint32_t DestinationTable::intern(std::string_view name, bool* added) {
  const uint64_t h = hash_of(name);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.id_plus_one == 0) break;
    if (s.hash == h && names_[s.id_plus_one - 1] == name) {
      if (added) *added = false;
      return s.id_plus_one - 1;
    }
  }
  uint32_t id;
  if (free_ids_.empty()) {
    id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    live_.push_back(true);
  } else {
    id = free_ids_.back();
    free_ids_.pop_back();
    names_[id].assign(name);
    live_[id] = true;
  }
  ++held_;
  size_t i = h & mask;
  while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
  slots_[i] = Slot{h, id + 1};
  if (held_ * 2 > slots_.size()) rehash(slots_.size() * 2);
  if (added) *added = true;
  return id;
}

size_t DestinationTable::slot_of(uint32_t id, uint64_t h) const {
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].id_plus_one != id + 1) i = (i + 1) & mask;
  return i;
}

// Linear probing without tombstones: the entries after the hole that would no longer be found
// from their home slot move back into it (Knuth's algorithm R).
void DestinationTable::forget(uint32_t id) {
  const size_t mask = slots_.size() - 1;
  size_t hole = slot_of(id, hash_of(names_[id]));
  for (size_t i = (hole + 1) & mask; slots_[i].id_plus_one != 0; i = (i + 1) & mask) {
    const size_t home = slots_[i].hash & mask;
    // Movable when its home is not cyclically within (hole, i].
    const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    if (stays) continue;
    slots_[hole] = slots_[i];
    hole = i;
  }
  slots_[hole] = Slot{};
  std::string().swap(names_[id]);  // give a long name's heap memory back now
  live_[id] = false;
  free_ids_.push_back(id);
  --held_;
  if (slots_.size() > kMinSlots && held_ * 8 < slots_.size()) rehash(slots_.size() / 2);
}

void DestinationTable::rehash(size_t slot_count) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slot_count, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id_plus_one == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace clicklog::window
