// Typed values: encode for a declared type, decode back, and the errors on mismatches.
#include "cql/protocol/value_codec.h"

#include <gtest/gtest.h>

namespace clicklog::cql::protocol {
namespace {

DataType t(TypeId id) {
  return DataType::of(id);
}

Value round_trip(const DataType& type, const Value& v) {
  auto enc = encode_value(type, v);
  EXPECT_TRUE(enc.ok()) << enc.error().message;
  if (!enc.ok()) return Null{};
  auto dec = decode_value(type, enc->bytes);
  EXPECT_TRUE(dec.ok()) << dec.error().message;
  return dec.ok() ? *dec : Value{Null{}};
}

TEST(ValueCodec, IntegersRoundTrip) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{42}, INT64_MIN, INT64_MAX}) {
    EXPECT_EQ(round_trip(t(TypeId::kBigint), v), Value{v});
    EXPECT_EQ(round_trip(t(TypeId::kCounter), v), Value{v});
  }
  for (int32_t v : {0, -1, 7, INT32_MIN, INT32_MAX}) {
    EXPECT_EQ(round_trip(t(TypeId::kInt), v), Value{v});
  }
  EXPECT_EQ(round_trip(t(TypeId::kSmallint), int32_t{-300}), Value{int32_t{-300}});
  EXPECT_EQ(round_trip(t(TypeId::kTinyint), int32_t{-128}), Value{int32_t{-128}});
}

TEST(ValueCodec, BigintWireForm) {
  auto enc = encode_value(t(TypeId::kBigint), int64_t{0x0102030405060708});
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(enc->bytes, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
}

TEST(ValueCodec, Int32WidensToBigintAndInt64IsRangeChecked) {
  EXPECT_EQ(round_trip(t(TypeId::kBigint), int32_t{5}), Value{int64_t{5}});
  EXPECT_EQ(round_trip(t(TypeId::kInt), int64_t{5}), Value{int32_t{5}});
  EXPECT_FALSE(encode_value(t(TypeId::kInt), int64_t{1} << 40).ok());
  EXPECT_FALSE(encode_value(t(TypeId::kTinyint), int32_t{200}).ok());
}

TEST(ValueCodec, TimestampDateAndText) {
  EXPECT_EQ(round_trip(t(TypeId::kTimestamp), Timestamp{-1234567}), Value{Timestamp{-1234567}});
  EXPECT_EQ(round_trip(t(TypeId::kDate), Date{0}), Value{Date{0}});
  EXPECT_EQ(round_trip(t(TypeId::kDate), Date{-719528}), Value{Date{-719528}});
  auto epoch = encode_value(t(TypeId::kDate), Date{0});
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch->bytes, std::string("\x80\x00\x00\x00", 4));  // 2^31 is 1970-01-01
  EXPECT_EQ(round_trip(t(TypeId::kVarchar), std::string("héllo")), Value{std::string("héllo")});
  EXPECT_EQ(round_trip(t(TypeId::kVarchar), std::string()), Value{std::string()});
}

TEST(ValueCodec, BlobBooleanUuidDoubleInet) {
  EXPECT_EQ(round_trip(t(TypeId::kBlob), Blob{std::string("\0\xff", 2)}),
            Value{Blob{std::string("\0\xff", 2)}});
  EXPECT_EQ(round_trip(t(TypeId::kBoolean), true), Value{true});
  EXPECT_EQ(round_trip(t(TypeId::kBoolean), false), Value{false});
  auto u = Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->to_string(), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(round_trip(t(TypeId::kUuid), *u), Value{*u});
  EXPECT_EQ(round_trip(t(TypeId::kTimeuuid), *u), Value{*u});
  EXPECT_FALSE(Uuid::parse("123e4567e89b-12d3-a456-426614174000x").has_value());
  EXPECT_EQ(round_trip(t(TypeId::kDouble), 2.5), Value{2.5});
  EXPECT_EQ(round_trip(t(TypeId::kInet), Inet{"127.0.0.1"}), Value{Inet{"127.0.0.1"}});
  EXPECT_EQ(round_trip(t(TypeId::kInet), Inet{"::1"}), Value{Inet{"::1"}});
}

TEST(ValueCodec, TextSet) {
  DataType set = t(TypeId::kSet);
  set.params.push_back(t(TypeId::kVarchar));
  std::vector<std::string> tokens{"-9223372036854775807", "42"};
  EXPECT_EQ(round_trip(set, tokens), Value{tokens});
}

TEST(ValueCodec, NullAndUnset) {
  auto n = encode_value(t(TypeId::kBigint), Null{});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->kind, EncodedValue::Kind::kNull);
  auto u = encode_value(t(TypeId::kBigint), Unset{});
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->kind, EncodedValue::Kind::kUnset);
  auto d = decode_value(t(TypeId::kBigint), std::nullopt);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, Value{Null{}});
}

TEST(ValueCodec, MismatchesAreErrors) {
  auto e = encode_value(t(TypeId::kBigint), std::string("x"));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("bigint"), std::string::npos);
  EXPECT_FALSE(encode_value(t(TypeId::kVarchar), int64_t{1}).ok());
  EXPECT_FALSE(encode_value(t(TypeId::kDecimal), 1.0).ok());
}

TEST(ValueCodec, WrongWidthsDoNotDecode) {
  EXPECT_FALSE(decode_value(t(TypeId::kBigint), std::string_view("abc")).ok());
  EXPECT_FALSE(decode_value(t(TypeId::kInt), std::string_view("abcdefgh")).ok());
  EXPECT_FALSE(decode_value(t(TypeId::kUuid), std::string_view("short")).ok());
  EXPECT_FALSE(decode_value(t(TypeId::kInet), std::string_view("abc")).ok());
  DataType set = t(TypeId::kSet);
  set.params.push_back(t(TypeId::kVarchar));
  // Claims 1000 elements in 8 bytes.
  EXPECT_FALSE(decode_value(set, std::string_view("\x00\x00\x03\xe8\x00\x00\x00\x01", 8)).ok());
}

TEST(ValueCodec, NaturalEncodingWithoutMetadata) {
  auto i = encode_value(Value{int32_t{1}});
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->bytes.size(), 4u);
  auto l = encode_value(Value{int64_t{1}});
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->bytes.size(), 8u);
  auto s = encode_value(Value{"text"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->bytes, "text");
}

}  // namespace
}  // namespace clicklog::cql::protocol
