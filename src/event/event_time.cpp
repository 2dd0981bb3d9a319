#include "event/event_time.h"

#include <cstring>

#include "common/time_format.h"

namespace clicklog {
namespace {

// Reads exactly n ASCII digits at s[pos..], advancing pos.
bool digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD(T|t| )HH:MM", always the first kMinuteChars characters of a time, checked.
std::optional<MinutePrefix> parse_minute(std::string_view s) {
  size_t pos = 0;
  int year, month, day, hour, minute;
  if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) ||
      !expect(s, pos, '-') || !digits(s, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  const char sep = s[pos++];
  const bool space_form = sep == ' ';
  if (sep != 'T' && sep != 't' && !space_form) return std::nullopt;
  if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59) {
    return std::nullopt;
  }
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return MinutePrefix{days * 86400 + hour * 3600 + minute * 60, space_form};
}

// ":SS[.f+](Z|z|+HH:MM|-HH:MM)" after the minute, the zone optional in the space form.
std::optional<int64_t> parse_after_minute(std::string_view s, const MinutePrefix& minute) {
  size_t pos = kMinuteChars;
  int second;
  if (!expect(s, pos, ':') || !digits(s, pos, 2, second)) return std::nullopt;
  // RFC 3339 allows a leap second (60); like POSIX time it folds into the next minute.
  if (second > 60) return std::nullopt;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 3) millis = millis * 10 + (s[pos] - '0');
      ++n, ++pos;
    }
    if (n == 0) return std::nullopt;
    for (int i = n; i < 3; ++i) millis *= 10;
  }
  int64_t offset_minutes = 0;
  if (pos == s.size()) {
    // A zone is required in RFC 3339; only the space-separated form defaults to UTC.
    if (!minute.space_form) return std::nullopt;
  } else if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return (minute.epoch_s + second - offset_minutes * 60) * 1000 + millis;
}

}  // namespace

std::optional<int64_t> parse_event_time(std::string_view s) {
  const auto minute = parse_minute(s);
  if (!minute) return std::nullopt;
  return parse_after_minute(s, *minute);
}

std::optional<int64_t> EventTimeParser::parse(std::string_view s) {
  if (s.size() >= kMinuteChars && known_ &&
      std::memcmp(s.data(), minute_text_.data(), kMinuteChars) == 0) {
    return parse_after_minute(s, minute_);
  }
  const auto minute = parse_minute(s);
  if (!minute) return std::nullopt;
  std::memcpy(minute_text_.data(), s.data(), kMinuteChars);
  minute_ = *minute;
  known_ = true;
  return parse_after_minute(s, minute_);
}

}  // namespace clicklog
