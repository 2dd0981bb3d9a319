#include "store/rocksdb_keys.h"

#include "hotel/click_order.h"

namespace clicklog::store::rocks {

namespace {

template <class U>
void put_be(std::string& out, U v) {
  for (int shift = static_cast<int>(sizeof(U) * 8) - 8; shift >= 0; shift -= 8) {
    out += static_cast<char>((v >> shift) & 0xff);
  }
}
void put_i32(std::string& out, int32_t v) {
  put_be(out, static_cast<uint32_t>(v) ^ 0x80000000u);
}
void put_i64(std::string& out, int64_t v) {
  put_be(out, static_cast<uint64_t>(v) ^ 0x8000000000000000ULL);
}

template <class U>
U get_be(std::string_view in, size_t at) {
  U v = 0;
  for (size_t i = 0; i < sizeof(U); ++i) v = (v << 8) | static_cast<uint8_t>(in[at + i]);
  return v;
}
int32_t get_i32(std::string_view in, size_t at) {
  return static_cast<int32_t>(get_be<uint32_t>(in, at) ^ 0x80000000u);
}
int64_t get_i64(std::string_view in, size_t at) {
  return static_cast<int64_t>(get_be<uint64_t>(in, at) ^ 0x8000000000000000ULL);
}

}  // namespace

std::string day_prefix(char tag, int32_t day) {
  std::string k(1, tag);
  put_i32(k, day);
  return k;
}

std::string user_key(char tag, int32_t day, int64_t user_id) {
  std::string k = day_prefix(tag, day);
  put_i64(k, user_id);
  return k;
}

void click_key(const hotel::StoredClick& c, std::string& k) {
  const auto order = hotel::click_order(c.time_ms, c.partition, c.offset);
  k.clear();
  k += kClick;
  put_i32(k, hotel::utc_day(c.time_ms));
  put_i64(k, c.user_id);
  put_be(k, order.ms_of_day);
  put_i32(k, c.partition);
  put_i64(k, c.offset);
}

std::string click_key(const hotel::StoredClick& c) {
  std::string k;
  k.reserve(kClickKeySize);
  click_key(c, k);
  return k;
}

std::optional<hotel::StoredClick> parse_click_key(std::string_view key) {
  if (key.size() != kClickKeySize || key[0] != kClick) return std::nullopt;
  hotel::StoredClick c;
  const int64_t day = get_i32(key, 1);
  c.user_id = get_i64(key, 5);
  c.time_ms = day * hotel::kDayMs + get_be<uint32_t>(key, 13);
  c.partition = get_i32(key, 17);
  c.offset = get_i64(key, 21);
  return c;
}

std::optional<int64_t> parse_user_key(std::string_view key) {
  if (key.size() != kUserKeySize) return std::nullopt;
  return get_i64(key, 5);
}

}  // namespace clicklog::store::rocks
