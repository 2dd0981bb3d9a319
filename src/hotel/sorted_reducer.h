// SortedReducer: the daily query over stored clicks that arrive already sorted by (user, event
// time, partition, offset), as both stores keep them. Per user, the first click gives the first
// hotel and the first later click with another hotel is the second: constant memory, one pass,
// no hash table. It also hands out each user's first two distinct clicks, which is exactly
// what the streaming state needs to be seeded from storage.
//
// Input out of order (or a repeated click) is a broken store, not a user error: it is counted
// and reported by in_order(), and the caller should fail rather than print a wrong answer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace clicklog::hotel {

struct StoredClick {
  int64_t user_id = 0;
  int64_t time_ms = 0;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view hotel;  // valid during the call only
};

struct FirstClick {
  int64_t time_ms = 0;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string hotel;
};

// One user's day: the first click and, when there is one, the earliest with another hotel.
struct UserFirstTwo {
  int64_t user_id = 0;
  FirstClick first;
  std::optional<FirstClick> second;
};

class SortedReducer {
 public:
  using Emit = std::function<void(const UserFirstTwo&)>;
  explicit SortedReducer(Emit emit) : emit_(std::move(emit)) {}

  void add(const StoredClick& click);
  // Emits the last user. Call once, after the last click.
  void finish();

  bool in_order() const { return disorder_ == 0; }
  uint64_t disorder() const { return disorder_; }
  uint64_t clicks() const { return clicks_; }

 private:
  Emit emit_;
  std::optional<UserFirstTwo> current_;
  StoredClick last_{};
  uint64_t disorder_ = 0;
  uint64_t clicks_ = 0;
};

}  // namespace clicklog::hotel
