#include "cql/protocol/value_codec.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <limits>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/bytes_writer.h"

namespace clicklog::cql::protocol {

namespace {

// Big-endian two's complement of the low `n` bytes of v.
std::string be(int64_t v, int n) {
  std::string out(static_cast<size_t>(n), '\0');
  auto u = static_cast<uint64_t>(v);
  for (int i = n - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(u & 0xff);
    u >>= 8;
  }
  return out;
}

// Sign-extending big-endian read of all of `b` (1 to 8 bytes).
int64_t from_be(std::string_view b) {
  uint64_t u = (static_cast<uint8_t>(b[0]) & 0x80) ? ~uint64_t{0} : 0;
  for (char c : b) u = (u << 8) | static_cast<uint8_t>(c);
  return static_cast<int64_t>(u);
}

std::optional<int64_t> as_integer(const Value& v) {
  if (auto* i = std::get_if<int32_t>(&v)) return *i;
  if (auto* l = std::get_if<int64_t>(&v)) return *l;
  return std::nullopt;
}

Error mismatch(const DataType& type, const Value& v) {
  return Error{fmt::format("cannot bind a {} to a {} column", value_kind_name(v), type_name(type))};
}

Result<EncodedValue> encode_ranged(const DataType& type, const Value& v, int bytes) {
  auto i = as_integer(v);
  if (!i) return mismatch(type, v);
  int64_t lo = bytes == 8 ? std::numeric_limits<int64_t>::min() : -(int64_t{1} << (8 * bytes - 1));
  int64_t hi =
      bytes == 8 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (8 * bytes - 1)) - 1;
  if (*i < lo || *i > hi) {
    return Error{fmt::format("{} is out of range for a {} column", *i, type_name(type))};
  }
  return EncodedValue::of(be(*i, bytes));
}

std::string encode_text_list(const std::vector<std::string>& items) {
  BytesWriter w;
  w.i32(static_cast<int32_t>(items.size()));
  for (const auto& s : items) w.bytes(s);
  return w.take();
}

Result<EncodedValue> encode_typed(const DataType& type, const Value& v) {
  switch (type.id) {
    case TypeId::kBigint:
    case TypeId::kCounter:
      return encode_ranged(type, v, 8);
    case TypeId::kInt:
      return encode_ranged(type, v, 4);
    case TypeId::kSmallint:
      return encode_ranged(type, v, 2);
    case TypeId::kTinyint:
      return encode_ranged(type, v, 1);
    case TypeId::kTimestamp:
      if (auto* t = std::get_if<Timestamp>(&v)) return EncodedValue::of(be(t->ms_since_epoch, 8));
      if (auto* l = std::get_if<int64_t>(&v)) return EncodedValue::of(be(*l, 8));
      return mismatch(type, v);
    case TypeId::kDate:
      if (auto* d = std::get_if<Date>(&v)) {
        // Unsigned days with the epoch at 2^31.
        auto wire =
            static_cast<uint32_t>(static_cast<int64_t>(d->days_since_epoch) + (int64_t{1} << 31));
        return EncodedValue::of(be(wire, 4));
      }
      return mismatch(type, v);
    case TypeId::kAscii:
    case TypeId::kVarchar:
      if (auto* s = std::get_if<std::string>(&v)) return EncodedValue::of(*s);
      return mismatch(type, v);
    case TypeId::kBlob:
      if (auto* b = std::get_if<Blob>(&v)) return EncodedValue::of(b->bytes);
      if (auto* s = std::get_if<std::string>(&v)) return EncodedValue::of(*s);
      return mismatch(type, v);
    case TypeId::kBoolean:
      if (auto* b = std::get_if<bool>(&v))
        return EncodedValue::of(std::string(1, *b ? '\1' : '\0'));
      return mismatch(type, v);
    case TypeId::kDouble:
      if (auto* d = std::get_if<double>(&v))
        return EncodedValue::of(be(std::bit_cast<int64_t>(*d), 8));
      return mismatch(type, v);
    case TypeId::kFloat:
      if (auto* d = std::get_if<double>(&v)) {
        return EncodedValue::of(be(std::bit_cast<int32_t>(static_cast<float>(*d)), 4));
      }
      return mismatch(type, v);
    case TypeId::kUuid:
    case TypeId::kTimeuuid:
      if (auto* u = std::get_if<Uuid>(&v)) {
        return EncodedValue::of(std::string(reinterpret_cast<const char*>(u->bytes.data()), 16));
      }
      return mismatch(type, v);
    case TypeId::kInet:
      if (auto* a = std::get_if<Inet>(&v)) {
        unsigned char buf[16];
        if (inet_pton(AF_INET, a->address.c_str(), buf) == 1) {
          return EncodedValue::of(std::string(reinterpret_cast<char*>(buf), 4));
        }
        if (inet_pton(AF_INET6, a->address.c_str(), buf) == 1) {
          return EncodedValue::of(std::string(reinterpret_cast<char*>(buf), 16));
        }
        return Error{fmt::format("'{}' is not an IP address", a->address)};
      }
      return mismatch(type, v);
    case TypeId::kList:
    case TypeId::kSet:
      if (auto* l = std::get_if<std::vector<std::string>>(&v)) {
        auto elem = type.params.empty() ? TypeId::kCustom : type.params[0].id;
        if (elem == TypeId::kVarchar || elem == TypeId::kAscii || elem == TypeId::kBlob) {
          return EncodedValue::of(encode_text_list(*l));
        }
      }
      return mismatch(type, v);
    default:
      return Error{fmt::format("binding values of type {} is not supported", type_name(type))};
  }
}

}  // namespace

Result<EncodedValue> encode_value(const DataType& type, const Value& value) {
  if (std::holds_alternative<Null>(value)) return EncodedValue::null();
  if (std::holds_alternative<Unset>(value)) return EncodedValue::unset();
  return encode_typed(type, value);
}

Result<EncodedValue> encode_value(const Value& value) {
  struct Natural {
    DataType operator()(const Null&) const { return DataType::of(TypeId::kBlob); }
    DataType operator()(const Unset&) const { return DataType::of(TypeId::kBlob); }
    DataType operator()(bool) const { return DataType::of(TypeId::kBoolean); }
    DataType operator()(int32_t) const { return DataType::of(TypeId::kInt); }
    DataType operator()(int64_t) const { return DataType::of(TypeId::kBigint); }
    DataType operator()(double) const { return DataType::of(TypeId::kDouble); }
    DataType operator()(const std::string&) const { return DataType::of(TypeId::kVarchar); }
    DataType operator()(const Blob&) const { return DataType::of(TypeId::kBlob); }
    DataType operator()(const Timestamp&) const { return DataType::of(TypeId::kTimestamp); }
    DataType operator()(const Date&) const { return DataType::of(TypeId::kDate); }
    DataType operator()(const Uuid&) const { return DataType::of(TypeId::kUuid); }
    DataType operator()(const Inet&) const { return DataType::of(TypeId::kInet); }
    DataType operator()(const std::vector<std::string>&) const {
      DataType t = DataType::of(TypeId::kList);
      t.params.push_back(DataType::of(TypeId::kVarchar));
      return t;
    }
  };
  return encode_value(std::visit(Natural{}, value), value);
}

namespace {

Result<Value> sized(const DataType& type, std::string_view b, size_t want) {
  if (b.size() != want) {
    return Error{
        fmt::format("{} value has {} bytes, expected {}", type_name(type), b.size(), want)};
  }
  return Value{};
}

Result<Value> decode_text_list(const DataType& type, std::string_view b) {
  BytesReader r(b);
  int32_t n = r.count("collection size", 4);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n && r.ok(); ++i) {
    auto item = r.bytes("collection element");
    if (r.ok() && !item) return Error{fmt::format("null element in a {}", type_name(type))};
    out.emplace_back(item.value_or(std::string_view{}));
  }
  if (!r.ok()) return Error{fmt::format("{}: {}", type_name(type), r.error().message)};
  return Value{std::move(out)};
}

}  // namespace

Result<Value> decode_value(const DataType& type, std::optional<std::string_view> bytes) {
  if (!bytes) return Value{Null{}};
  std::string_view b = *bytes;
  bool textual =
      type.id == TypeId::kVarchar || type.id == TypeId::kAscii || type.id == TypeId::kBlob;
  // Legacy "empty" values of fixed-width types carry no data: treat them as null.
  if (b.empty() && !textual) return Value{Null{}};
  auto check = [&](size_t n) { return sized(type, b, n); };
  switch (type.id) {
    case TypeId::kBigint:
    case TypeId::kCounter:
      if (auto c = check(8); !c) return c;
      return Value{from_be(b)};
    case TypeId::kTimestamp:
      if (auto c = check(8); !c) return c;
      return Value{Timestamp{from_be(b)}};
    case TypeId::kInt:
      if (auto c = check(4); !c) return c;
      return Value{static_cast<int32_t>(from_be(b))};
    case TypeId::kSmallint:
      if (auto c = check(2); !c) return c;
      return Value{static_cast<int32_t>(from_be(b))};
    case TypeId::kTinyint:
      if (auto c = check(1); !c) return c;
      return Value{static_cast<int32_t>(from_be(b))};
    case TypeId::kDate: {
      if (auto c = check(4); !c) return c;
      auto wire = static_cast<uint32_t>(from_be(b));
      return Value{Date{static_cast<int32_t>(static_cast<int64_t>(wire) - (int64_t{1} << 31))}};
    }
    case TypeId::kAscii:
    case TypeId::kVarchar:
      return Value{std::string(b)};
    case TypeId::kBlob:
      return Value{Blob{std::string(b)}};
    case TypeId::kBoolean:
      if (auto c = check(1); !c) return c;
      return Value{b[0] != 0};
    case TypeId::kDouble:
      if (auto c = check(8); !c) return c;
      return Value{std::bit_cast<double>(from_be(b))};
    case TypeId::kFloat:
      if (auto c = check(4); !c) return c;
      return Value{static_cast<double>(std::bit_cast<float>(static_cast<int32_t>(from_be(b))))};
    case TypeId::kUuid:
    case TypeId::kTimeuuid: {
      if (auto c = check(16); !c) return c;
      Uuid u;
      std::memcpy(u.bytes.data(), b.data(), 16);
      return Value{u};
    }
    case TypeId::kInet: {
      if (b.size() != 4 && b.size() != 16) {
        return Error{fmt::format("inet value has {} bytes, expected 4 or 16", b.size())};
      }
      char text[INET6_ADDRSTRLEN] = {};
      inet_ntop(b.size() == 4 ? AF_INET : AF_INET6, b.data(), text, sizeof text);
      return Value{Inet{text}};
    }
    case TypeId::kList:
    case TypeId::kSet: {
      auto elem = type.params.empty() ? TypeId::kCustom : type.params[0].id;
      if (elem == TypeId::kVarchar || elem == TypeId::kAscii) return decode_text_list(type, b);
      break;
    }
    default:
      break;
  }
  return Error{fmt::format("decoding values of type {} is not supported", type_name(type))};
}

}  // namespace clicklog::cql::protocol
