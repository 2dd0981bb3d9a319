// The hand-specialised ClickLog codec. The record is five ["null", T] unions, so a body is five
// (branch, value?) pairs; decoding checks every length against the bytes left before touching
// them and never allocates.
#include "avro/codec.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include "avro/click_log_schema.h"

namespace clicklog::avro {
namespace {

constexpr uint8_t kMagic[2] = {0xC3, 0x01};
constexpr size_t kHeaderSize = 10;
constexpr size_t kMaxVarint = 10;

struct Identity {
  std::string canonical_form;
  uint64_t fingerprint;
};

// Fatal if it fails: the schema is compiled in, so a broken one is a build defect.
const Identity& identity() {
  static const Identity id = [] {
    auto pcf = parsing_canonical_form(clicklog_schema_json());
    if (!pcf) throw std::logic_error("embedded ClickLog schema: " + pcf.error().message);
    uint64_t fp = crc64_avro(*pcf);
    return Identity{std::move(*pcf), fp};
  }();
  return id;
}

class Cursor {
 public:
  Cursor(const uint8_t* begin, const uint8_t* end) : p_(begin), end_(end) {}

  DecodeError error() const { return error_; }
  bool at_end() const { return p_ == end_; }

  bool optional_long(std::optional<int64_t>& out) {
    bool present;
    if (!null_branch(out, present)) return false;
    if (!present) return true;
    uint64_t raw;
    if (!varint(raw)) return false;
    out = unzigzag(raw);
    return true;
  }

  bool optional_string(std::optional<std::string_view>& out) {
    bool present;
    if (!null_branch(out, present)) return false;
    if (!present) return true;
    uint64_t raw;
    if (!varint(raw)) return false;
    int64_t length = unzigzag(raw);
    if (length < 0) return fail(DecodeError::kBadLength);
    if (static_cast<uint64_t>(length) > static_cast<size_t>(end_ - p_)) {
      return fail(DecodeError::kTruncated);
    }
    out.emplace(reinterpret_cast<const char*>(p_), static_cast<size_t>(length));
    p_ += length;
    return true;
  }

 private:
  static int64_t unzigzag(uint64_t n) { return static_cast<int64_t>((n >> 1) ^ (0 - (n & 1))); }

  bool fail(DecodeError error) {
    error_ = error;
    return false;
  }

  // Union index 0 is zigzag 0, index 1 is zigzag 2; anything else is not in ["null", T].
  // The union's branch; the null branch also clears `out`, the value then being complete.
  template <class T>
  bool null_branch(std::optional<T>& out, bool& present) {
    if (!branch(present)) return false;
    if (!present) out.reset();
    return true;
  }

  bool branch(bool& present) {
    uint64_t raw;
    if (!varint(raw)) return false;
    if (raw == 0) {
      present = false;
    } else if (raw == 2) {
      present = true;
    } else {
      return fail(DecodeError::kBadUnionIndex);
    }
    return true;
  }

  bool varint(uint64_t& out) {
    if (p_ != end_ && *p_ < 0x80) {  // branch indexes and short lengths: one byte
      out = *p_++;
      return true;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < kMaxVarint; ++i) {
      if (p_ == end_) return fail(DecodeError::kTruncated);
      uint8_t byte = *p_++;
      // The tenth byte holds bit 63 only; more would overflow or continue past ten bytes.
      if (i == kMaxVarint - 1 && byte > 1) return fail(DecodeError::kBadVarint);
      value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
      if ((byte & 0x80) == 0) {
        out = value;
        return true;
      }
    }
    return fail(DecodeError::kBadVarint);  // unreachable: the tenth byte returned above
  }

  const uint8_t* p_;
  const uint8_t* end_;
  DecodeError error_ = DecodeError::kTruncated;
};

// The shape nearly every record has, read in one pass without the Cursor's bookkeeping: each
// union's branch byte 0 (null) or 2, each string's length in one varint byte (under 64 bytes),
// every length within the bytes left, no byte after the last field. False when anything
// differs: the Cursor then reads the value again and finds what is wrong, and where.
class CommonShape {
 public:
  CommonShape(const uint8_t* begin, const uint8_t* end) : p_(begin), end_(end) {}

  // Writes `out` as it reads: the caller puts back what it held when false.
  bool read(ClickLogView& out) {
    return user_id(out.user_id) && string(out.time) && string(out.action) &&
           string(out.destination) && string(out.hotel) && p_ == end_;
  }

 private:
  bool user_id(std::optional<int64_t>& out) {
    if (p_ == end_) return false;
    if (*p_ == 0) {
      ++p_;
      out.reset();
      return true;
    }
    if (*p_++ != 2) return false;
    uint64_t raw = 0;
    // Nine bytes at most here: the Cursor checks a tenth's overflow.
    for (int shift = 0; shift < 63; shift += 7) {
      if (p_ == end_) return false;
      const uint8_t byte = *p_++;
      raw |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        out = static_cast<int64_t>((raw >> 1) ^ (0 - (raw & 1)));
        return true;
      }
    }
    return false;
  }

  bool string(std::optional<std::string_view>& out) {
    if (p_ == end_) return false;
    if (*p_ == 0) {
      ++p_;
      out.reset();
      return true;
    }
    if (end_ - p_ < 2 || p_[0] != 2 || (p_[1] & 0x81) != 0) return false;
    const size_t length = p_[1] >> 1;
    if (length > static_cast<size_t>(end_ - p_ - 2)) return false;
    out.emplace(reinterpret_cast<const char*>(p_ + 2), length);
    p_ += 2 + length;
    return true;
  }

  const uint8_t* p_;
  const uint8_t* end_;
};

std::optional<DecodeError> check_header(std::span<const uint8_t> bytes) {
  // A short prefix of a good header is truncated; any wrong byte is bad magic at once.
  for (size_t i = 0; i < 2; ++i) {
    if (i == bytes.size()) return DecodeError::kTruncated;
    if (bytes[i] != kMagic[i]) return DecodeError::kBadMagic;
  }
  if (bytes.size() < kHeaderSize) return DecodeError::kTruncated;
  uint64_t fp;
  std::memcpy(&fp, bytes.data() + 2, sizeof fp);
  if constexpr (std::endian::native == std::endian::big) fp = __builtin_bswap64(fp);
  if (fp != schema_fingerprint()) return DecodeError::kBadFingerprint;
  return std::nullopt;
}

uint8_t* put_varint(uint8_t* p, int64_t value) {
  uint64_t n = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  while (n >= 0x80) {
    *p++ = static_cast<uint8_t>(n | 0x80);
    n >>= 7;
  }
  *p++ = static_cast<uint8_t>(n);
  return p;
}

template <class S>
uint8_t* put_optional_string(uint8_t* p, const std::optional<S>& value) {
  if (!value) return put_varint(p, 0);
  std::string_view text(*value);
  p = put_varint(p, 1);
  p = put_varint(p, static_cast<int64_t>(text.size()));
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

template <class S>
size_t text_size(const std::optional<S>& value) {
  return value ? std::string_view(*value).size() : 0;
}

template <class Event>
void encode_event(const Event& event, Framing framing, std::string& out) {
  // Header, five branch bytes, and at most ten bytes for each varint that follows a branch.
  size_t bound = kHeaderSize + 5 + 10 * 5 + text_size(event.time) + text_size(event.action) +
                 text_size(event.destination) + text_size(event.hotel);
  size_t start = out.size();
  out.resize(start + bound);
  auto* base = reinterpret_cast<uint8_t*>(out.data());
  uint8_t* p = base + start;
  if (framing == Framing::kSingleObject) {
    *p++ = kMagic[0];
    *p++ = kMagic[1];
    uint64_t fp = schema_fingerprint();
    for (int i = 0; i < 8; ++i) *p++ = static_cast<uint8_t>(fp >> (8 * i));
  }
  if (event.user_id) {
    p = put_varint(p, 1);
    p = put_varint(p, *event.user_id);
  } else {
    p = put_varint(p, 0);
  }
  p = put_optional_string(p, event.time);
  p = put_optional_string(p, event.action);
  p = put_optional_string(p, event.destination);
  p = put_optional_string(p, event.hotel);
  out.resize(static_cast<size_t>(p - base));
}

}  // namespace

std::string_view to_string(DecodeError error) {
  switch (error) {
    case DecodeError::kTruncated:
      return "truncated";
    case DecodeError::kBadMagic:
      return "bad_magic";
    case DecodeError::kBadFingerprint:
      return "bad_fingerprint";
    case DecodeError::kBadVarint:
      return "bad_varint";
    case DecodeError::kBadUnionIndex:
      return "bad_union_index";
    case DecodeError::kBadLength:
      return "bad_length";
    case DecodeError::kTrailingBytes:
      return "trailing_bytes";
  }
  return "unknown";
}

const std::string& canonical_form() {
  return identity().canonical_form;
}

uint64_t schema_fingerprint() {
  static const uint64_t fp = identity().fingerprint;
  return fp;
}

std::optional<DecodeError> decode(std::span<const uint8_t> bytes, Framing framing,
                                  ClickLogView& out) {
  if (framing == Framing::kSingleObject) {
    if (auto error = check_header(bytes)) return error;
    bytes = bytes.subspan(kHeaderSize);
  }
  // After an error `out` holds what it held before. Kept aside here, since reading into a local
  // view and copying that to `out` doubled the common case's time (BM_DecodeFast).
  const ClickLogView before = out;
  if (CommonShape(bytes.data(), bytes.data() + bytes.size()).read(out)) return std::nullopt;
  out = before;
  Cursor in(bytes.data(), bytes.data() + bytes.size());
  ClickLogView view;
  if (!in.optional_long(view.user_id) || !in.optional_string(view.time) ||
      !in.optional_string(view.action) || !in.optional_string(view.destination) ||
      !in.optional_string(view.hotel)) {
    return in.error();
  }
  if (!in.at_end()) return DecodeError::kTrailingBytes;
  out = view;
  return std::nullopt;
}

void encode(const ClickLog& event, Framing framing, std::string& out) {
  encode_event(event, framing, out);
}

void encode(const ClickLogView& event, Framing framing, std::string& out) {
  encode_event(event, framing, out);
}

}  // namespace clicklog::avro
