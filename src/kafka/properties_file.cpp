#include "kafka/properties_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace clicklog::kafka {

namespace {

constexpr std::string_view kBlanks = " \t\r\f\v";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

}  // namespace

Result<Properties> parse_properties(std::string_view text, std::string_view origin) {
  Properties out;
  int number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    if (line.empty() || line.front() == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Error{fmt::format("{}:{}: expected key=value, found no '='", origin, number)};
    }
    const std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) return Error{fmt::format("{}:{}: empty key before '='", origin, number)};
    out.emplace_back(std::string(key), std::string(trim(line.substr(eq + 1))));
  }
  return out;
}

Result<Properties> read_properties_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  return parse_properties(text.str(), path);
}

}  // namespace clicklog::kafka
