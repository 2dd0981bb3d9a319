#include "store/day_query.h"

#include <fmt/format.h>

#include <memory>
#include <mutex>

#include "hotel/sorted_reducer.h"

namespace clicklog::store {

namespace {

// One SortedReducer per slice: a slice's calls never overlap, so no locking is needed here;
// whatever `emit` shares across slices must lock itself.
class ReducingSink final : public DaySink {
 public:
  ReducingSink(size_t slices, const std::function<void(size_t, const hotel::UserFirstTwo&)>& emit) {
    for (size_t i = 0; i < slices; ++i) {
      reducers_.push_back(std::make_unique<hotel::SortedReducer>(
          [emit, i](const hotel::UserFirstTwo& u) { emit(i, u); }));
    }
  }

  void on_clicks(size_t slice, std::span<const StoredClick> clicks) override {
    auto& r = *reducers_.at(slice);
    for (const StoredClick& c : clicks) r.add(c);
  }

  // Finishes every slice; the total click count, or an error when a slice came out of order.
  Result<uint64_t> finish(const Store& store, int32_t day) {
    uint64_t clicks = 0;
    for (auto& r : reducers_) {
      r->finish();
      if (!r->in_order()) {
        return Error{
            fmt::format("store {}: day {} returned {} clicks out of order (a corrupt "
                        "store?)",
                        store.describe(), day, r->disorder())};
      }
      clicks += r->clicks();
    }
    return clicks;
  }

 private:
  std::vector<std::unique_ptr<hotel::SortedReducer>> reducers_;
};

}  // namespace

Result<DayAnswer> compute_day_answer(Store& store, int32_t day) {
  const size_t slices = store.day_slices();
  std::vector<std::vector<UserHotel>> per_slice(slices);
  std::vector<uint64_t> users(slices, 0);
  ReducingSink sink(slices, [&](size_t slice, const hotel::UserFirstTwo& u) {
    ++users[slice];
    if (u.second) per_slice[slice].push_back({u.user_id, u.second->hotel});
  });
  if (auto st = store.scan_day(day, sink); !st) return Error{st.message()};
  auto clicks = sink.finish(store, day);
  if (!clicks) return clicks.error();
  DayAnswer answer;
  answer.clicks = *clicks;
  for (size_t i = 0; i < slices; ++i) {
    answer.users += users[i];
    answer.rows.insert(answer.rows.end(), std::make_move_iterator(per_slice[i].begin()),
                       std::make_move_iterator(per_slice[i].end()));
  }
  if (slices > 1) hotel::sort_by_user(answer.rows);
  return answer;
}

Result<uint64_t> seed_state(Store& store, int32_t day, hotel::SecondHotelState& state,
                            const std::set<int32_t>* only) {
  std::mutex mu;
  ReducingSink sink(store.day_slices(), [&](size_t, const hotel::UserFirstTwo& u) {
    if (only && !only->count(u.first.partition)) return;
    std::lock_guard lock(mu);
    state.add(u.user_id, u.first.time_ms, u.first.partition, u.first.offset, u.first.hotel);
    if (u.second) {
      state.add(u.user_id, u.second->time_ms, u.second->partition, u.second->offset,
                u.second->hotel);
    }
  });
  if (auto st = store.scan_day(day, sink); !st) return Error{st.message()};
  return sink.finish(store, day);
}

}  // namespace clicklog::store
