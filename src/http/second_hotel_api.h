// GET /api/second-hotel?user=ID[&date=YYYY-MM-DD]: one user's first and second distinct hotel
// of a UTC day (CONTRACT.md sections 3 and 7; docs/http-api.md), asked of the job's streaming
// state through HotelLookups, then of its archive for a day the state does not hold. The date
// defaults to today (UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/hotel_lookups.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace clicklog::http {

// {"user":ID,"date":"YYYY-MM-DD","first_hotel":...,"second_hotel":...,"source":...}: hotels
// null where unknown, source "state" when the streaming state holds the day, "store" when the
// archive (the store's clicks) answered, else null.
std::string second_hotel_json(int64_t user_id, int32_t day, const HotelAnswer& answer);

// The route: 400 on a bad parameter, 503 when the job has no state to ask or gives no answer
// in time. `today` is the current UTC day.
void serve_second_hotel(HotelLookups* lookups, int32_t today, const httplib::Request& req,
                        httplib::Response& res);

}  // namespace clicklog::http
