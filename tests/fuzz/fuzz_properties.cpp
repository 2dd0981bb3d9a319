// Fuzzes the librdkafka properties file parser (kafka/properties_file.h, --kafka-config) and
// the -X parser. Whatever the text: no crash; an accepted file gives keys and values with no
// surrounding blanks, keys non-empty and without '=', and written back one `key=value` a line
// it parses to the same list; a refusal is one line naming the origin.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "kafka/properties_file.h"

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool trimmed(std::string_view s) {
  return s.empty() || (!blank(s.front()) && !blank(s.back()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = clicklog::kafka::parse_properties(text, "fuzz.properties");
  if (!parsed) {
    const std::string& message = parsed.error().message;
    FUZZ_CHECK(message.rfind("fuzz.properties:", 0) == 0);
    FUZZ_CHECK(message.find('\n') == std::string::npos);
    return 0;
  }
  std::string written;
  for (const auto& [key, value] : parsed.value()) {
    FUZZ_CHECK(!key.empty() && key.front() != '#');
    FUZZ_CHECK(key.find('=') == std::string::npos && key.find('\n') == std::string::npos);
    FUZZ_CHECK(value.find('\n') == std::string::npos);
    FUZZ_CHECK(trimmed(key) && trimmed(value));
    written += key + "=" + value + "\n";
    // The same pair given as -X splits the same way.
    const auto dash_x = clicklog::kafka::parse_property(key + "=" + value);
    FUZZ_CHECK(dash_x && dash_x.value().first == key && dash_x.value().second == value);
  }
  const auto again = clicklog::kafka::parse_properties(written, "written");
  FUZZ_CHECK(again && again.value() == parsed.value());
  return 0;
}
