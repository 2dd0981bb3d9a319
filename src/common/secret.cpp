#include "common/secret.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

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
    // Bounded, so that a path such as /dev/zero fails instead of filling the memory.
    std::string s(kMaxSecretFileSize + 1, '\0');
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    s.resize(static_cast<size_t>(in.gcount()));
    if (s.size() > kMaxSecretFileSize) {
      return Error{
          fmt::format("{} is larger than {} bytes: not a secret", path, kMaxSecretFileSize)};
    }
    if (s.ends_with('\n')) s.pop_back();
    if (s.ends_with('\r')) s.pop_back();
    return s;
  }
  return std::string(value);
}

}  // namespace clicklog
