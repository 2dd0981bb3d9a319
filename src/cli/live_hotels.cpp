#include "cli/live_hotels.h"

#include <chrono>

#include "event/classify.h"
#include "hotel/click_order.h"

namespace clicklog::cli {

LiveHotels::LiveHotels(http::HotelLookups& lookups, const hotel::SecondHotelState* saved,
                       int state_days, std::function<int64_t()> wall_clock_ms)
    : lookups_(lookups),
      state_(saved ? saved : &own_),
      state_days_(state_days),
      wall_clock_ms_(std::move(wall_clock_ms)) {
  if (!wall_clock_ms_) {
    wall_clock_ms_ = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  if (state_ == &own_) own_.set_floor(today() - (state_days_ - 1));
}

void LiveHotels::attach(job::JobHooks& hooks) {
  if (state_ == &own_) {
    hooks.on_event = [this, saver = std::move(hooks.on_event)](const TimedEvent& e, int32_t p,
                                                               int64_t o) {
      if (saver) saver(e, p, o);
      fold(e, p, o);
    };
    // A member of a scaled-out group reads its partitions only: its state knows their users,
    // and no other user's clicks (nor a store to ask), so it says it does not hold them.
    hooks.on_assigned =
        [this, next = std::move(hooks.on_assigned)](const std::vector<int32_t>& partitions) {
          owned_.insert(partitions.begin(), partitions.end());
          own_.retain_partitions(owned_);
          return next ? next(partitions) : Status{};
        };
    hooks.on_revoked =
        [this, next = std::move(hooks.on_revoked)](const std::vector<int32_t>& partitions) {
          for (int32_t p : partitions) owned_.erase(p);
          if (next) next(partitions);
        };
  }
  // Before the store's step, which may hold the turn while a store fails: the clicks of the
  // batch just processed are in the state already.
  hooks.before_offsets = [this, saver = std::move(hooks.before_offsets)] {
    turn();
    return saver ? saver() : Status{};
  };
}

void LiveHotels::turn() {
  if (state_ == &own_) {
    const int32_t floor = today() - (state_days_ - 1);
    if (own_.floor() < floor) own_.set_floor(floor);
  }
  lookups_.serve([this](const http::HotelQuestion& q) { return answer(q); });
}

void LiveHotels::fold(const TimedEvent& e, int32_t partition, int64_t offset) {
  if (!is_counted_click(e.event)) return;
  own_.add(*e.event.user_id, e.time_ms, partition, offset, *e.event.hotel);
}

http::HotelAnswer LiveHotels::answer(const http::HotelQuestion& q) const {
  http::HotelAnswer a;
  const auto floor = state_->floor();
  a.held = floor && q.day >= *floor && q.day <= today();
  if (!a.held) return a;
  if (const auto hotels = state_->hotels(q.day, q.user_id)) {
    a.first_hotel = std::string(hotels->first);
    if (hotels->second) a.second_hotel = std::string(*hotels->second);
  } else if (!state_->holds_every_user()) {
    a.held = false;  // maybe another member's user: the store answers
  }
  return a;
}

int32_t LiveHotels::today() const {
  return hotel::utc_day(wall_clock_ms_());
}

}  // namespace clicklog::cli
