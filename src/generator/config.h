// Config: what the traffic generator simulates (population sizes, popularity skew, session
// shape, share of malformed events). Defaults give realistic traffic; the CLI sets a few.
#pragma once

#include <cstdint>

#include "common/result.h"

namespace clicklog::generator {

struct Config {
  uint64_t seed = 1;
  int64_t users = 100'000;        // user ids 1..users
  int64_t start_ms = 0;           // event time of the first event (epoch ms), with an interval
  int64_t event_interval_ms = 0;  // simulated step between events; 0 = the caller's clock
  int destinations = 500;         // real place names first, then numbered variants ("paris-2")

  // Popularity: weight of rank r is r^-exponent.
  double destination_zipf = 1.0;
  double hotel_zipf = 0.9;  // hotels within one destination
  double user_zipf = 0.8;   // how often a user starts a session
  // Hotels per destination: max_hotels * rank^-0.5, at least min_hotels (tens to hundreds).
  int max_hotels = 400;
  int min_hotels = 12;

  // Sessions: this many run at once, events drawn from them in turn. Each searches 1-3 times,
  // filters 0-3 times, clicks 1-5 times, then may go on to another destination.
  int concurrent_sessions = 200;
  double next_destination_rate = 0.2;  // after the clicks, search another destination
  int max_destinations_per_session = 3;
  double repeat_click_rate = 0.25;  // a click on the hotel clicked just before
  double filter_hotel_rate = 0.3;   // a filter that names a hotel

  // The imperfections of real logs, about 1% of events with the defaults: whole sessions of an
  // anonymous visitor (null user_id), and single events slipped into a session without moving
  // it on, one of five kinds in equal shares: a search with a null destination, a search with
  // an empty destination, a click with a null hotel, a null action, a search with a null time
  // (the last one a bad record for the job). A search or filter without hotel is normal.
  double anonymous_session_rate = 0.005;
  double malformed_event_rate = 0.005;
};

// Ok, or the first setting out of range, named as the CLI user would know it.
Status validate(const Config& config);

}  // namespace clicklog::generator
