// What every API route of the HTTP endpoint shares: the one-line JSON error and the checks of
// query parameters, so that every malformed parameter is refused in the same words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Response;
}

namespace clicklog::http {

// {"error":"..."} and a newline.
std::string json_error(std::string_view message);
void reply_error(httplib::Response& res, int status, std::string_view message);
void reply_json(httplib::Response& res, const std::string& body);

// The whole number `text` if it lies in [min, max]; nullopt for anything else ("", "1.5", "-").
std::optional<int64_t> parse_whole_number(std::string_view text, int64_t min, int64_t max);
// `name: expected a whole number from MIN to MAX, got "TEXT"`.
std::string whole_number_error(std::string_view name, int64_t min, int64_t max,
                               std::string_view text);

// Days since 1970-01-01 of a strict YYYY-MM-DD date (2026-02-30 and 2026-2-3 are refused).
std::optional<int32_t> parse_date(std::string_view text);

}  // namespace clicklog::http
