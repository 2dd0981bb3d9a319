#include "hotel/day_table.h"

#include <stdexcept>

namespace clicklog::hotel {

namespace {
constexpr size_t kInitialSlots = 1024;

// The hash's slot among n: the high half of hash * n, so any n works and the index can grow
// by half rather than double (less of it stands empty after a growth).
size_t slot_of(uint64_t hash, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(hash) * n) >> 64);
}
}  // namespace

DayTable::DayTable() : slots_(kInitialSlots, 0) {}

// A 64-bit finalizer (splitmix64): user ids are often sequential, and both the slot (high bits)
// and the tag (low bits) need every input bit mixed in.
uint64_t DayTable::hash_of(int64_t user_id) {
  uint64_t z = static_cast<uint64_t>(user_id) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

DayTable::Outcome DayTable::add(int64_t user_id, ClickOrder order, uint32_t hotel) {
  const uint64_t h = hash_of(user_id);
  const uint64_t tag = h & 0xffffffffULL;
  const size_t n = slots_.size();
  for (size_t i = slot_of(h, n);; i = i + 1 == n ? 0 : i + 1) {
    const uint64_t slot = slots_[i];
    if (slot == 0) {
      if (size_ >= (uint64_t{1} << 32) - 1) throw std::length_error("DayTable: too many users");
      UserState& s = append_entry();
      s = UserState{.user_id = user_id, .first = order, .first_hotel = hotel};
      slots_[i] = (uint64_t{size_} << 32) | tag;  // size_ is already the entry number + 1
      if (size_ * 8 > slots_.size() * 7) grow_index();
      return {.new_user = true};
    }
    if ((slot & 0xffffffffULL) == tag) {
      UserState& s = entry((slot >> 32) - 1);
      if (s.user_id == user_id) return {.answer_changed = fold_click(s, order, hotel)};
    }
  }
}

const UserState* DayTable::find(int64_t user_id) const {
  const uint64_t h = hash_of(user_id);
  const uint64_t tag = h & 0xffffffffULL;
  const size_t n = slots_.size();
  for (size_t i = slot_of(h, n);; i = i + 1 == n ? 0 : i + 1) {
    const uint64_t slot = slots_[i];
    if (slot == 0) return nullptr;
    if ((slot & 0xffffffffULL) == tag) {
      const UserState& s = entry((slot >> 32) - 1);
      if (s.user_id == user_id) return &s;
    }
  }
}

UserState& DayTable::append_entry() {
  if (size_ == chunks_.size() * kChunkEntries) {
    chunks_.push_back(std::make_unique_for_overwrite<UserState[]>(kChunkEntries));
  }
  return entry(size_++);
}

void DayTable::grow_index() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_ = std::vector<uint64_t>(old.size() + old.size() / 2, 0);
  const size_t n = slots_.size();
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t i = slot_of(hash_of(entry((slot >> 32) - 1).user_id), n);
    while (slots_[i] != 0) i = i + 1 == n ? 0 : i + 1;
    slots_[i] = slot;
  }
}

size_t DayTable::memory_bytes() const {
  return slots_.capacity() * sizeof(uint64_t) + chunks_.size() * kChunkEntries * sizeof(UserState) +
         chunks_.capacity() * sizeof(chunks_[0]);
}

}  // namespace clicklog::hotel
