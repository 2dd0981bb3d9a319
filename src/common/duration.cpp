#include "common/duration.h"

#include <charconv>

namespace clicklog {

std::optional<int64_t> parse_duration_ms(std::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  while (!text.empty()) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr == text.data() || n < 0) return std::nullopt;
    text.remove_prefix(ptr - text.data());
    int64_t unit = 0;
    if (text.starts_with("ms")) {
      unit = 1, text.remove_prefix(2);
    } else if (!text.empty()) {
      switch (text.front()) {
        case 's':
          unit = 1000;
          break;
        case 'm':
          unit = 60'000;
          break;
        case 'h':
          unit = 3'600'000;
          break;
        case 'd':
          unit = 86'400'000;
          break;
        default:
          return std::nullopt;
      }
      text.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    if (n > INT64_MAX / unit / 2) return std::nullopt;
    total += n * unit;
  }
  return total;
}

std::string format_duration(int64_t ms) {
  if (ms == 0) return "0";
  std::string out;
  struct Unit {
    int64_t ms;
    const char* name;
  };
  constexpr Unit units[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const auto& u : units) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms) + u.name;
      ms %= u.ms;
    }
  }
  return out;
}

}  // namespace clicklog
