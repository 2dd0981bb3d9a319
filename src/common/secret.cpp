#include "common/secret.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace clicklog {

Result<std::string> resolve_secret(std::string_view value) {
  if (value.starts_with("env:")) {
    const std::string name(value.substr(4));
    const char* v = std::getenv(name.c_str());
    if (!v) return Error{fmt::format("environment variable {} is not set", name)};
    return std::string(v);
  }
  if (value.starts_with("file:")) {
    const std::string path(value.substr(5));
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (s.ends_with('\n')) s.pop_back();
    if (s.ends_with('\r')) s.pop_back();
    return s;
  }
  return std::string(value);
}

}  // namespace clicklog
