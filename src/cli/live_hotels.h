// LiveHotels: the job's side of GET /api/second-hotel. Once a turn, on the job's thread, it
// answers the questions HTTP threads queued (http/hotel_lookups.h) from the streaming
// second-hotel state: ClickSaver's with --store, else one of its own, kept in memory over the
// same --state-days (today and before) for the look-up alone. Owned by the command; used by
// the job's thread only, through the hooks it attaches.
#pragma once

#include <cstdint>
#include <functional>
#include <set>

#include "hotel/second_hotel_state.h"
#include "http/hotel_lookups.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

class LiveHotels {
 public:
  // saved: the state ClickSaver keeps (--store), or nullptr to keep one here.
  LiveHotels(http::HotelLookups& lookups, const hotel::SecondHotelState* saved, int state_days,
             std::function<int64_t()> wall_clock_ms = {});
  LiveHotels(const LiveHotels&) = delete;
  LiveHotels& operator=(const LiveHotels&) = delete;

  // Adds its steps to the job's: folding clicks into its own state (if it keeps one; as a
  // member of a scaled-out group, its partitions' users only) and answering the queued
  // questions before each batch's offsets are stored.
  void attach(job::JobHooks& hooks);

  // One turn's work, apart for tests: forget days past --state-days, answer what is queued.
  void turn();
  void fold(const TimedEvent& event, int32_t partition, int64_t offset);
  http::HotelAnswer answer(const http::HotelQuestion& question) const;

 private:
  int32_t today() const;

  http::HotelLookups& lookups_;
  hotel::SecondHotelState own_;
  std::set<int32_t> owned_;  // a scaled-out member's partitions (own_ only)
  const hotel::SecondHotelState* state_;
  const int state_days_;
  std::function<int64_t()> wall_clock_ms_;
};

}  // namespace clicklog::cli
