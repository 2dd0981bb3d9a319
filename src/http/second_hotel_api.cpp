#include "http/second_hotel_api.h"

#include <httplib.h>

#include <limits>

#include "common/json.h"
#include "common/time_format.h"
#include "http/reply.h"

namespace clicklog::http {
namespace {

// Long enough for a turn of the job (a poll of 100 ms and a batch); a job blocked longer (a
// failing store, a stop) is told to the client rather than hanging it.
constexpr auto kAnswerTimeout = std::chrono::seconds(2);
constexpr int64_t kDayMs = 86'400'000;

std::string nullable(const std::optional<std::string>& text) {
  if (!text) return "null";
  std::string out;
  json::append_string(out, *text);
  return out;
}

}  // namespace

std::string second_hotel_json(int64_t user_id, int32_t day, const HotelAnswer& answer) {
  return R"({"user":)" + std::to_string(user_id) + R"(,"date":")" +
         format_utc_date(int64_t{day} * kDayMs) + R"(","first_hotel":)" +
         nullable(answer.first_hotel) + R"(,"second_hotel":)" + nullable(answer.second_hotel) +
         R"(,"source":)" +
         (answer.held         ? R"("state")"
          : answer.from_store ? R"("store")"
                              : "null") +
         "}\n";
}

void serve_second_hotel(HotelLookups* lookups, int32_t today, const httplib::Request& req,
                        httplib::Response& res) {
  const std::string user_text = req.has_param("user") ? req.get_param_value("user") : "";
  const auto user = parse_whole_number(user_text, std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max());
  if (!user) {
    return reply_error(res, 400,
                       "user: expected a user id (a whole number), got \"" + user_text + "\"");
  }
  int32_t day = today;
  if (req.has_param("date")) {
    const std::string date_text = req.get_param_value("date");
    const auto parsed = parse_date(date_text);
    if (!parsed) {
      return reply_error(res, 400,
                         "date: expected a date as YYYY-MM-DD, got \"" + date_text + "\"");
    }
    day = *parsed;
  }
  if (!lookups) {
    return reply_error(res, 503, "this job keeps no second-hotel state (--state-days 0)");
  }
  auto answer = lookups->ask({*user, day}, kAnswerTimeout);
  if (!answer) {
    return reply_error(res, 503, "the job gave no answer in time (stopping, or busy); try again");
  }
  if (!answer->held && lookups->archive()) {
    auto stored = lookups->archive()({*user, day});
    if (!stored) return reply_error(res, 503, stored.error().message);
    answer = std::move(*stored);
  }
  reply_json(res, second_hotel_json(*user, day, *answer));
}

}  // namespace clicklog::http
