#include "cli/stored_hotels.h"

#include "store/day_query.h"

namespace clicklog::cli {

StoredHotels::StoredHotels(std::string store_uri, std::chrono::milliseconds connect_timeout,
                           std::function<Clock::time_point()> now)
    : uri_(std::move(store_uri)), connect_timeout_(connect_timeout), now_(std::move(now)) {}

Result<http::HotelAnswer> StoredHotels::answer(const http::HotelQuestion& q) {
  std::lock_guard lock(mutex_);
  if (day_ != q.day || now_() - scanned_at_ > kKeepDay) {
    if (auto st = scan(q.day); !st) return Error{st.message()};
  }
  http::HotelAnswer a;
  a.from_store = true;
  if (const auto hotels = state_.hotels(q.day, q.user_id)) {
    a.first_hotel = std::string(hotels->first);
    if (hotels->second) a.second_hotel = std::string(*hotels->second);
  }
  return a;
}

Status StoredHotels::scan(int32_t day) {
  day_.reset();
  state_ = hotel::SecondHotelState{};
  auto opened = store::open_store(uri_, {store::Role::kLookup, connect_timeout_});
  if (!opened) return Error{opened.error().message};
  if (auto clicks = store::seed_state(**opened, day, state_); !clicks) {
    return Error{clicks.error().message};
  }
  day_ = day;
  scanned_at_ = now_();
  return {};
}

}  // namespace clicklog::cli
