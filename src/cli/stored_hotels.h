// StoredHotels: /api/second-hotel for the days the streaming state does not hold, and for the
// users of other members' partitions (--scale-out), when the job runs with --store. The day's saved
// clicks are folded into a SecondHotelState by the same scan that seeds the job's state
// (store/day_query.h), through a read-only view of the store opened for that scan (Role::kLookup:
// beside the job and the daily query, never in their way). The last day scanned is kept for a
// minute, so that the next look-ups of that day cost nothing. Called on HTTP request threads; one
// scan at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/result.h"
#include "hotel/second_hotel_state.h"
#include "http/hotel_lookups.h"

namespace clicklog::cli {

class StoredHotels {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kKeepDay = std::chrono::minutes(1);

  StoredHotels(std::string store_uri, std::chrono::milliseconds connect_timeout,
               std::function<Clock::time_point()> now = Clock::now);

  // The user's hotels of the day from the store (from_store set); an error if it cannot be
  // read.
  Result<http::HotelAnswer> answer(const http::HotelQuestion& question);

 private:
  Status scan(int32_t day);

  const std::string uri_;
  const std::chrono::milliseconds connect_timeout_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::optional<int32_t> day_;  // the day state_ holds
  Clock::time_point scanned_at_{};
  hotel::SecondHotelState state_;
};

}  // namespace clicklog::cli
