// The RocksDB key layout: fixed-width big-endian fields, signed ones with the sign bit
// flipped, so bytewise key order is numeric order and one day is one contiguous range.
//   clicks   'c' day:4 user:8 ms_of_day:4 partition:4 offset:8  -> hotel
//   live     'l' day:4 user:8                                    -> hotel   (streaming answer)
//   results  'r' day:4 user:8                                    -> hotel   (daily answer)
// A click's key is its (day, user, time, partition, offset): a replay overwrites its own row,
// and a day scan returns each user's clicks in the contract's order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hotel/sorted_reducer.h"

namespace clicklog::store::rocks {

inline constexpr char kClick = 'c';
inline constexpr char kLive = 'l';
inline constexpr char kResult = 'r';
inline constexpr size_t kClickKeySize = 1 + 4 + 8 + 4 + 4 + 8;
inline constexpr size_t kUserKeySize = 1 + 4 + 8;

std::string click_key(const hotel::StoredClick& click);
// The same into `out` (replaced), to reuse its buffer.
void click_key(const hotel::StoredClick& click, std::string& out);
// 'tag' day: the first key of the day; day + 1 gives the end of the range.
std::string day_prefix(char tag, int32_t day);
std::string user_key(char tag, int32_t day, int64_t user_id);

// The click a key holds (hotel left empty); nullopt when the key is not a click key.
std::optional<hotel::StoredClick> parse_click_key(std::string_view key);
std::optional<int64_t> parse_user_key(std::string_view key);

}  // namespace clicklog::store::rocks
