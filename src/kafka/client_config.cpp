#include "kafka/client_config.h"

#include <fmt/format.h>

namespace clicklog::kafka {

Result<std::pair<std::string, std::string>> parse_property(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Error{fmt::format("-X expects key=value, got '{}'", text)};
  }
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace clicklog::kafka
