#include "http/reply.h"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>

#include "common/json.h"
#include "common/time_format.h"

namespace clicklog::http {

std::string json_error(std::string_view message) {
  std::string out = R"({"error":)";
  json::append_string(out, message);
  out += "}\n";
  return out;
}

void reply_error(httplib::Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(json_error(message), "application/json");
}

void reply_json(httplib::Response& res, const std::string& body) {
  res.set_content(body, "application/json");
}

std::optional<int64_t> parse_whole_number(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

std::string whole_number_error(std::string_view name, int64_t min, int64_t max,
                               std::string_view text) {
  return fmt::format("{}: expected a whole number from {} to {}, got \"{}\"", name, min, max, text);
}

std::optional<int32_t> parse_date(std::string_view text) {
  const auto digits = [&](size_t from, size_t n) -> std::optional<unsigned> {
    unsigned value = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return value;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  const int64_t days = days_from_civil(*y, *m, *d);
  // A day past the month's end (2026-02-30) comes back as another date.
  int64_t y2 = 0;
  unsigned m2 = 0, d2 = 0;
  civil_from_days(days, y2, m2, d2);
  if (y2 != *y || m2 != *m || d2 != *d) return std::nullopt;
  return static_cast<int32_t>(days);
}

}  // namespace clicklog::http
