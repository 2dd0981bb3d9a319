// The obviously-correct reference for the second-distinct-hotel query: keep every click, drop
// replays, sort each (day, user) by (time, partition, offset), and read the answer off.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "hotel/answer.h"
#include "hotel/click_order.h"

namespace clicklog::hotel::testing {

struct Click {
  int64_t user_id;
  int64_t time_ms;
  int32_t partition;
  int64_t offset;
  std::string hotel;
};

// day -> answer rows by user id.
inline std::map<int32_t, std::vector<UserHotel>> naive_second_hotel(
    const std::vector<Click>& clicks) {
  std::set<std::pair<int32_t, int64_t>> seen;  // (partition, offset): a record counts once
  std::map<std::pair<int32_t, int64_t>, std::vector<const Click*>> per_day_user;
  for (const Click& c : clicks) {
    if (!seen.insert({c.partition, c.offset}).second) continue;
    per_day_user[{utc_day(c.time_ms), c.user_id}].push_back(&c);
  }
  std::map<int32_t, std::vector<UserHotel>> out;
  for (auto& [key, list] : per_day_user) {
    std::sort(list.begin(), list.end(), [](const Click* a, const Click* b) {
      return std::tie(a->time_ms, a->partition, a->offset) <
             std::tie(b->time_ms, b->partition, b->offset);
    });
    auto& rows = out[key.first];
    for (const Click* c : list) {
      if (c->hotel != list.front()->hotel) {
        rows.push_back({key.second, c->hotel});
        break;
      }
    }
  }
  return out;
}

}  // namespace clicklog::hotel::testing
