// The daily second-distinct-hotel query over a store: every slice of the day's saved clicks
// through a SortedReducer (the stores return each user's clicks in the contract's order), the
// rows merged by user id. Also seeds the streaming state from the same scan.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "common/result.h"
#include "hotel/second_hotel_state.h"
#include "store/store.h"

namespace clicklog::store {

struct DayAnswer {
  std::vector<UserHotel> rows;  // by increasing user id
  uint64_t clicks = 0;          // clicks read
  uint64_t users = 0;           // users with at least one click
};

Result<DayAnswer> compute_day_answer(Store& store, int32_t day);

// Folds each user's first two distinct clicks of the day into `state` (which is all the
// state needs of them); returns the number of clicks read. `only`: the Kafka partitions whose
// users to fold (a user's clicks share one, CONTRACT.md section 1), or nullptr for every user.
Result<uint64_t> seed_state(Store& store, int32_t day, hotel::SecondHotelState& state,
                            const std::set<int32_t>* only = nullptr);

}  // namespace clicklog::store
