#include "cql/protocol/value.h"

#include <fmt/format.h>

namespace clicklog::cql {

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid out;
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    int hi = hex_digit(text[i]);
    int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.bytes[byte++] = static_cast<uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string Uuid::to_string() const {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

const char* value_kind_name(const Value& v) {
  struct Namer {
    const char* operator()(const Null&) const { return "null"; }
    const char* operator()(const Unset&) const { return "unset"; }
    const char* operator()(bool) const { return "bool"; }
    const char* operator()(int32_t) const { return "int32_t"; }
    const char* operator()(int64_t) const { return "int64_t"; }
    const char* operator()(double) const { return "double"; }
    const char* operator()(const std::string&) const { return "string"; }
    const char* operator()(const Blob&) const { return "Blob"; }
    const char* operator()(const Timestamp&) const { return "Timestamp"; }
    const char* operator()(const Date&) const { return "Date"; }
    const char* operator()(const Uuid&) const { return "Uuid"; }
    const char* operator()(const Inet&) const { return "Inet"; }
    const char* operator()(const std::vector<std::string>&) const { return "vector<string>"; }
  };
  return std::visit(Namer{}, v);
}

}  // namespace clicklog::cql
