// StateWriter / StateReader: the little-endian byte layout of the window engine's checkpoints
// (TopDestinations::save, WatermarkTracker::save). Fixed-width integers and length-prefixed
// strings; a reader that runs past the end or meets a bad value stays failed, so callers check
// once at the end. Pure; used by whoever saves or restores state.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace clicklog::window {

class StateWriter {
 public:
  explicit StateWriter(std::string& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { fixed(v); }
  void i32(int32_t v) { fixed(static_cast<uint32_t>(v)); }
  void i64(int64_t v) { fixed(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }

 private:
  template <class U>
  void fixed(U v) {
    for (size_t i = 0; i < sizeof(U); ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string& out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}
  uint8_t u8() { return static_cast<uint8_t>(fixed<uint8_t>()); }
  uint32_t u32() { return fixed<uint32_t>(); }
  int32_t i32() { return static_cast<int32_t>(fixed<uint32_t>()); }
  int64_t i64() { return static_cast<int64_t>(fixed<uint64_t>()); }
  std::string_view str() {
    const uint32_t n = u32();
    if (!ok_ || n > in_.size() - pos_) return fail(), std::string_view{};
    const std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // A count of items each at least `min_item_bytes` long: more than the rest could hold fails,
  // so a corrupt count never makes the caller allocate much.
  uint32_t count(size_t min_item_bytes) {
    const uint32_t n = u32();
    if (ok_ && n > (in_.size() - pos_) / min_item_bytes) fail();
    return ok_ ? n : 0;
  }
  void fail() { ok_ = false; }
  bool ok() const { return ok_; }
  bool at_end() const { return ok_ && pos_ == in_.size(); }

 private:
  template <class U>
  U fixed() {
    if (!ok_ || in_.size() - pos_ < sizeof(U)) return fail(), U{0};
    U v = 0;
    for (size_t i = 0; i < sizeof(U); ++i) {
      v |= static_cast<U>(static_cast<U>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i));
    }
    pos_ += sizeof(U);
    return v;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace clicklog::window
