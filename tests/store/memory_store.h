// MemoryStore: a Store in a std::map, for unit tests of what sits on top of a store (the
// ClickSaver, the daily query), with failures to order: fail_saves / fail_flushes make the
// next N calls fail as an unreachable store would. Clicks keyed like the real stores, so
// replays overwrite and a day scans in the contract's order.
#pragma once

#include <map>
#include <string>
#include <tuple>

#include "hotel/click_order.h"
#include "store/store.h"

namespace clicklog::store::testing {

class MemoryStore final : public Store {
 public:
  using ClickKey =
      std::tuple<int32_t, int64_t, int64_t, int32_t, int64_t>;  // day, user, time, p, o

  const std::string& describe() const override { return name_; }

  Status save(std::span<const StoredClick> clicks, std::span<const LiveRow> live) override {
    ++save_calls;
    if (fail_saves > 0) {
      --fail_saves;
      return Error{"memory store: down (save)"};
    }
    for (const StoredClick& c : clicks) {
      unflushed_clicks[{hotel::utc_day(c.time_ms), c.user_id, c.time_ms, c.partition, c.offset}] =
          std::string(c.hotel);
    }
    for (const LiveRow& r : live) unflushed_live[{r.day, r.user_id}] = std::string(r.hotel);
    return {};
  }

  Status flush() override {
    ++flush_calls;
    if (fail_flushes > 0) {
      --fail_flushes;
      unflushed_clicks.clear();  // what was not acknowledged may be lost
      unflushed_live.clear();
      return Error{"memory store: down (flush)"};
    }
    for (auto& [k, v] : unflushed_clicks) clicks[k] = v;
    for (auto& [k, v] : unflushed_live) live[k] = v;
    unflushed_clicks.clear();
    unflushed_live.clear();
    return {};
  }

  size_t day_slices() const override { return 1; }

  Status scan_day(int32_t day, DaySink& sink) override {
    std::vector<StoredClick> page;
    for (auto it = clicks.lower_bound({day, INT64_MIN, INT64_MIN, INT32_MIN, INT64_MIN});
         it != clicks.end() && std::get<0>(it->first) == day; ++it) {
      const auto& [d, user, time, p, o] = it->first;
      page.push_back({user, time, p, o, it->second});
    }
    if (!page.empty()) sink.on_clicks(0, page);
    return {};
  }

  Status write_results(int32_t day, const std::vector<UserHotel>& rows) override {
    results[day] = rows;
    return {};
  }
  Result<std::vector<UserHotel>> read_results(int32_t day) override { return results[day]; }
  Result<std::vector<UserHotel>> read_live(int32_t day) override {
    std::vector<UserHotel> rows;
    for (const auto& [k, v] : live) {
      if (k.first == day) rows.push_back({k.second, v});
    }
    return rows;
  }

  int fail_saves = 0;
  int fail_flushes = 0;
  int save_calls = 0;
  int flush_calls = 0;
  std::map<ClickKey, std::string> clicks, unflushed_clicks;
  std::map<std::pair<int32_t, int64_t>, std::string> live, unflushed_live;
  std::map<int32_t, std::vector<UserHotel>> results;

 private:
  std::string name_ = "memory:";
};

}  // namespace clicklog::store::testing
