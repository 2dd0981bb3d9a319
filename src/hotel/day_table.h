// DayTable: the UserState of every user active on one UTC day, by user id. An open-addressing
// index of 8-byte slots (entry number + hash tag, linear probing, at most 7/8 full, grown by
// half) over entries kept in fixed chunks, so the table costs 48 bytes per user plus 9 to 14
// bytes of index, with no per-user allocation and no doubling of the entries themselves
// (bench/bench_hotel.cpp measures it). Not thread-safe: one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "hotel/user_state.h"

namespace clicklog::hotel {

class DayTable {
 public:
  struct Outcome {
    bool new_user = false;
    bool answer_changed = false;  // the user's second distinct hotel changed
  };

  DayTable();

  Outcome add(int64_t user_id, ClickOrder order, uint32_t hotel);
  const UserState* find(int64_t user_id) const;

  size_t size() const { return size_; }
  // Bytes held by the index and the entry chunks (not counting the DayTable object itself).
  size_t memory_bytes() const;

  // Calls f(const UserState&) for every user, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < size_; ++i) f(entry(i));
  }

 private:
  static constexpr size_t kChunkEntries = 4096;

  static uint64_t hash_of(int64_t user_id);
  UserState& entry(size_t i) { return chunks_[i / kChunkEntries][i % kChunkEntries]; }
  const UserState& entry(size_t i) const { return chunks_[i / kChunkEntries][i % kChunkEntries]; }
  UserState& append_entry();
  void grow_index();

  // 0: empty; else (entry number + 1) << 32 | lower 32 bits of the user's hash.
  std::vector<uint64_t> slots_;
  std::vector<std::unique_ptr<UserState[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace clicklog::hotel
