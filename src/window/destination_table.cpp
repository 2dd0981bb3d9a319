#include "window/destination_table.h"

#include <cstring>

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

uint32_t DestinationTable::intern(std::string_view name) {
  const uint64_t h = hash_of(name);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.id_plus_one == 0) {
      const auto id = static_cast<uint32_t>(names_.size());
      names_.emplace_back(name);
      s = Slot{h, id + 1};
      if (names_.size() * 2 > slots_.size()) grow();
      return id;
    }
    if (s.hash == h && names_[s.id_plus_one - 1] == name) return s.id_plus_one - 1;
  }
}

void DestinationTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id_plus_one == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace clicklog::window
