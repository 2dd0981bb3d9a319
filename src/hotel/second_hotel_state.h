// SecondHotelState: the streaming form of the second-distinct-hotel query. Clicks go in one at
// a time, in any order and with repeats; the answer of any day it holds comes out at once, with
// no scan of stored clicks. One DayTable per UTC day, hotel names interned once for all days.
//
// Days before the floor (set_floor) are not held: their clicks are ignored, so a job can keep
// only today and yesterday while old or replayed data still goes to the store. Not thread-safe:
// owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "hotel/answer.h"
#include "hotel/day_table.h"
#include "hotel/hotel_dictionary.h"

namespace clicklog::hotel {

// One user's first hotel of a day and, once there is one, the second distinct hotel.
struct UserHotels {
  std::string_view first;
  std::optional<std::string_view> second;
};

enum class FoldResult {
  kIgnored,        // the click's day is before the floor
  kUnchanged,      // the day's answer for this user is as before
  kAnswerChanged,  // the user's second distinct hotel is new or different
};

class SecondHotelState {
 public:
  FoldResult add(int64_t user_id, int64_t time_ms, int32_t partition, int64_t offset,
                 std::string_view hotel);

  // Forgets the days before `day` and ignores their clicks from now on.
  void set_floor(int32_t day);

  // Forgets the users whose clicks are in other Kafka partitions (a user is its first click's
  // partition: a user's clicks share one, CONTRACT.md section 1). From then on the state holds
  // a share of the users: one it does not hold may have clicked (a --scale-out member's).
  void retain_partitions(const std::set<int32_t>& partitions);
  bool holds_every_user() const { return every_user_; }
  std::optional<int32_t> floor() const { return floor_; }

  // The day's answer, by increasing user id (empty for a day not held).
  std::vector<UserHotel> answer(int32_t day) const;
  std::optional<std::string_view> second_hotel(int32_t day, int64_t user_id) const;
  // nullopt: no click of the user that day (or the day is not held).
  std::optional<UserHotels> hotels(int32_t day, int64_t user_id) const;

  std::vector<int32_t> days() const;
  size_t users(int32_t day) const;
  size_t users() const;
  // Day tables plus the hotel dictionary.
  size_t memory_bytes() const;

 private:
  std::map<int32_t, DayTable> days_;
  HotelDictionary hotels_;
  std::optional<int32_t> floor_;
  bool every_user_ = true;
};

}  // namespace clicklog::hotel
