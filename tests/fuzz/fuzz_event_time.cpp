// Fuzzes parse_event_time (event/event_time.h) against a reference parser written here from
// CONTRACT.md section 1, by fixed positions and a different day count: both must accept the
// same texts and give the same epoch milliseconds. Accepted times inside years 0000-9999 must
// also survive format_rfc3339_utc(_ms) and parse back to the same milliseconds, and
// format_utc_date must name the same day. EventTimeParser must agree with parse_event_time
// whatever it read before: the text before the first newline, then that text's first 16
// characters (its minute) followed by the rest of the input, then the whole input.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/time_format.h"
#include "event/event_time.h"
#include "fuzz_check.h"

namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// The number in s[pos, pos + n), or nullopt unless all n are ASCII digits.
std::optional<int64_t> number(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!digit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool leap(int64_t y) {
  return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

// Days from 0000-01-01 to January 1st of year y (0 <= y), counting the leap years before it.
int64_t days_before_year(int64_t y) {
  const int64_t leaps = y == 0 ? 0 : (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 + 1;
  return 365 * y + leaps;
}

int64_t month_length(int64_t y, int64_t m) {
  if (m == 2) return leap(y) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// "YYYY-MM-DD(T|t| )HH:MM:SS[.d+](Z|z|+HH:MM|-HH:MM)", the zone optional after a space only.
std::optional<int64_t> reference(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const char sep = s[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  auto year = number(s, 0, 4), month = number(s, 5, 2), day = number(s, 8, 2);
  auto hour = number(s, 11, 2), minute = number(s, 14, 2), second = number(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > month_length(*year, *month) || *hour > 23 ||
      *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::string_view rest = s.substr(19);
  int64_t millis = 0;
  if (!rest.empty() && rest[0] == '.') {
    size_t n = 1;
    while (n < rest.size() && digit(rest[n])) ++n;
    if (n == 1) return std::nullopt;
    std::string first3(rest.substr(1, std::min<size_t>(3, n - 1)));
    first3.resize(3, '0');
    millis = *number(first3, 0, 3);
    rest.remove_prefix(n);
  }
  int64_t offset_minutes = 0;
  if (rest.empty()) {
    if (sep != ' ') return std::nullopt;
  } else if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    auto oh = number(rest, 1, 2), om = number(rest, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
    offset_minutes = (rest[0] == '-' ? -1 : 1) * (*oh * 60 + *om);
  } else {
    return std::nullopt;
  }
  int64_t day_of_year = *day - 1;
  for (int64_t m = 1; m < *month; ++m) day_of_year += month_length(*year, m);
  const int64_t days = days_before_year(*year) - days_before_year(1970) + day_of_year;
  const int64_t seconds = ((days * 24 + *hour) * 60 + *minute) * 60 + *second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

// One parser reads `first`, then the same minute with another ending, then `text`.
void check_parser_memory(std::string_view text) {
  const size_t newline = text.find('\n');
  const std::string_view first = text.substr(0, newline);
  const std::string_view rest =
      newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
  const std::string same_minute =
      std::string(first.substr(0, clicklog::kMinuteChars)) + std::string(rest);
  clicklog::EventTimeParser parser;
  for (std::string_view t : {first, std::string_view(same_minute), text}) {
    FUZZ_CHECK(parser.parse(t) == clicklog::parse_event_time(t));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_parser_memory(text);
  const auto parsed = clicklog::parse_event_time(text);
  const auto expected = reference(text);
  FUZZ_CHECK(parsed.has_value() == expected.has_value());
  if (!parsed) return 0;
  FUZZ_CHECK(*parsed == *expected);

  // An offset can push a time out of the four-digit years, which no formatter can write back.
  const int64_t first_ms = (days_before_year(0) - days_before_year(1970)) * 86'400'000;
  const int64_t end_ms = (days_before_year(10000) - days_before_year(1970)) * 86'400'000;
  if (*parsed < first_ms || *parsed >= end_ms) return 0;
  const std::string with_ms = clicklog::format_rfc3339_utc_ms(*parsed);
  FUZZ_CHECK(clicklog::parse_event_time(with_ms) == parsed);
  FUZZ_CHECK(reference(with_ms) == parsed);
  const std::string short_form = clicklog::format_rfc3339_utc(*parsed);
  FUZZ_CHECK(clicklog::parse_event_time(short_form) == parsed);
  FUZZ_CHECK(clicklog::format_utc_date(*parsed) == with_ms.substr(0, 10));
  return 0;
}
