#include "cql/protocol/bytes_reader.h"

#include <arpa/inet.h>
#include <fmt/format.h>

namespace clicklog::cql::protocol {

bool BytesReader::need(size_t n, const char* what) {
  if (!ok()) return false;
  if (remaining() < n) {
    fail(fmt::format("truncated frame: {} needs {} bytes at offset {}, {} left", what, n, pos_,
                     remaining()));
    return false;
  }
  return true;
}

void BytesReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  pos_ = data_.size();
}

uint8_t BytesReader::u8(const char* what) {
  if (!need(1, what)) return 0;
  return static_cast<uint8_t>(data_[pos_++]);
}

uint16_t BytesReader::u16(const char* what) {
  if (!need(2, what)) return 0;
  auto hi = static_cast<uint8_t>(data_[pos_]);
  auto lo = static_cast<uint8_t>(data_[pos_ + 1]);
  pos_ += 2;
  return static_cast<uint16_t>((hi << 8) | lo);
}

int32_t BytesReader::i32(const char* what) {
  if (!need(4, what)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 4;
  return static_cast<int32_t>(v);
}

int64_t BytesReader::i64(const char* what) {
  if (!need(8, what)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 8;
  return static_cast<int64_t>(v);
}

std::string_view BytesReader::raw(size_t n, const char* what) {
  if (!need(n, what)) return {};
  auto out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::string_view BytesReader::string(const char* what) {
  uint16_t n = u16(what);
  return raw(n, what);
}

std::string_view BytesReader::long_string(const char* what) {
  int32_t n = i32(what);
  if (n < 0) {
    fail(fmt::format("negative length {} for {}", n, what));
    return {};
  }
  return raw(static_cast<size_t>(n), what);
}

std::optional<std::string_view> BytesReader::bytes(const char* what) {
  int32_t n = i32(what);
  if (!ok() || n < 0) return std::nullopt;
  return raw(static_cast<size_t>(n), what);
}

std::string_view BytesReader::short_bytes(const char* what) {
  uint16_t n = u16(what);
  return raw(n, what);
}

std::vector<std::string> BytesReader::string_list(const char* what) {
  uint16_t n = u16(what);
  std::vector<std::string> out;
  // Every [string] takes at least its 2-byte length: a count beyond that is a lie.
  if (static_cast<size_t>(n) * 2 > remaining()) {
    fail(fmt::format("{}: {} entries cannot fit in {} bytes", what, n, remaining()));
    return out;
  }
  out.reserve(n);
  for (uint16_t i = 0; i < n && ok(); ++i) out.emplace_back(string(what));
  return out;
}

std::map<std::string, std::string> BytesReader::string_map(const char* what) {
  uint16_t n = u16(what);
  std::map<std::string, std::string> out;
  for (uint16_t i = 0; i < n && ok(); ++i) {
    std::string key(string(what));
    std::string value(string(what));
    if (ok()) out[std::move(key)] = std::move(value);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> BytesReader::string_multimap(const char* what) {
  uint16_t n = u16(what);
  std::map<std::string, std::vector<std::string>> out;
  for (uint16_t i = 0; i < n && ok(); ++i) {
    std::string key(string(what));
    auto values = string_list(what);
    if (ok()) out[std::move(key)] = std::move(values);
  }
  return out;
}

std::string BytesReader::inet(const char* what) {
  uint8_t size = u8(what);
  if (ok() && size != 4 && size != 16) {
    fail(fmt::format("{}: address size {} is neither 4 nor 16", what, size));
    return {};
  }
  auto addr = raw(size, what);
  int32_t port = i32(what);
  if (!ok()) return {};
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(size == 4 ? AF_INET : AF_INET6, addr.data(), text, sizeof text);
  return size == 4 ? fmt::format("{}:{}", text, port) : fmt::format("[{}]:{}", text, port);
}

int32_t BytesReader::count(const char* what, size_t min_item_bytes) {
  int32_t n = i32(what);
  if (!ok()) return 0;
  if (n < 0) {
    fail(fmt::format("negative count {} for {}", n, what));
    return 0;
  }
  if (min_item_bytes > 0 && static_cast<size_t>(n) > remaining() / min_item_bytes) {
    fail(fmt::format("{}: {} items cannot fit in the {} bytes left", what, n, remaining()));
    return 0;
  }
  return n;
}

}  // namespace clicklog::cql::protocol
