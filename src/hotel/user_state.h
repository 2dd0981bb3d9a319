// UserState: all the streaming query must remember of one user's clicks on one day to know the
// second distinct hotel, whatever order the clicks arrive in and however often they repeat:
// the earliest click overall (the first hotel) and the earliest click whose hotel differs from
// it (the second distinct hotel). 48 bytes, hotels as interned ids.
//
// Why two clicks suffice, for a new click c (earlier = smaller ClickOrder):
//  - c is the first click again (a replay): nothing changes; a replayed record has the same
//    order and hotel, so min() is unaffected.
//  - c is earlier than the first: c becomes the first. If its hotel differs from the old
//    first's, the old first is the earliest click of a hotel other than c's (it was earlier
//    than every other click), so it becomes the second. If the hotel is the same, the set of
//    clicks "with another hotel" is unchanged and so is the second.
//  - c is later than the first: the first stays; c replaces the second if its hotel differs
//    from the first's and it is earlier than the current second (or there is none).
#pragma once

#include <cstdint>

#include "hotel/click_order.h"

namespace clicklog::hotel {

inline constexpr uint32_t kNoHotel = 0;  // hotel ids start at 1

struct UserState {
  int64_t user_id = 0;
  ClickOrder first;
  ClickOrder second;
  uint32_t first_hotel = kNoHotel;
  uint32_t second_hotel = kNoHotel;  // kNoHotel: one distinct hotel so far

  bool has_second() const { return second_hotel != kNoHotel; }
};
static_assert(sizeof(UserState) == 48);

// Folds one more click into a state that already holds at least one. Returns true when the
// answer (the second distinct hotel) changed.
inline bool fold_click(UserState& s, ClickOrder order, uint32_t hotel) {
  const uint32_t before = s.second_hotel;
  if (order < s.first) {
    if (hotel != s.first_hotel) {
      s.second = s.first;
      s.second_hotel = s.first_hotel;
    }
    s.first = order;
    s.first_hotel = hotel;
  } else if (order != s.first && hotel != s.first_hotel && (!s.has_second() || order < s.second)) {
    s.second = order;
    s.second_hotel = hotel;
  }
  return s.second_hotel != before;
}

}  // namespace clicklog::hotel
