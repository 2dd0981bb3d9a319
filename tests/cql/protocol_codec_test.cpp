// Round trips of the protocol notations, frame headers, request bodies and typed values.
#include <gtest/gtest.h>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/value_codec.h"

namespace clicklog::cql::protocol {
namespace {

TEST(BytesCodec, NotationsRoundTrip) {
  BytesWriter w;
  w.u8(0xfe);
  w.u16(0xbeef);
  w.i32(-123456);
  w.i64(-9876543210123LL);
  w.string("héllo");
  w.long_string("long");
  w.bytes(std::string_view("\x00\x01", 2));
  w.bytes(std::nullopt);
  w.short_bytes("id");
  w.string_list({"a", "bc"});
  w.string_map({{"k1", "v1"}, {"k2", ""}});
  ASSERT_TRUE(w.ok());

  BytesReader r(w.data());
  EXPECT_EQ(r.u8("u8"), 0xfe);
  EXPECT_EQ(r.u16("u16"), 0xbeef);
  EXPECT_EQ(r.i32("i32"), -123456);
  EXPECT_EQ(r.i64("i64"), -9876543210123LL);
  EXPECT_EQ(r.string("s"), "héllo");
  EXPECT_EQ(r.long_string("ls"), "long");
  EXPECT_EQ(r.bytes("b"), std::string_view("\x00\x01", 2));
  EXPECT_EQ(r.bytes("null"), std::nullopt);
  EXPECT_EQ(r.short_bytes("sb"), "id");
  EXPECT_EQ(r.string_list("sl"), (std::vector<std::string>{"a", "bc"}));
  auto m = r.string_map("sm");
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m["k1"], "v1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(BytesCodec, WriterRejectsOversizedString) {
  BytesWriter w;
  w.string(std::string(70000, 'x'));
  EXPECT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("65535"), std::string::npos);
}

TEST(BytesCodec, ReaderFailsStickyAndNamesTheField) {
  BytesReader r(
      std::string_view("\x00\x05"
                       "abc",
                       5));
  EXPECT_EQ(r.string("keyspace name"), "");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("keyspace name"), std::string::npos);
  EXPECT_EQ(r.i32("later"), 0);  // later reads stay empty
}

TEST(BytesCodec, NegativeLongStringAndCountFail) {
  BytesWriter w;
  w.i32(-5);
  BytesReader r1(w.data());
  r1.long_string("query");
  EXPECT_FALSE(r1.ok());
  BytesReader r2(w.data());
  r2.count("rows", 4);
  EXPECT_FALSE(r2.ok());
}

TEST(BytesCodec, CountLargerThanTheRestFails) {
  BytesWriter w;
  w.i32(1000);
  w.raw("abcd");
  BytesReader r(w.data());
  r.count("cells", 4);
  EXPECT_FALSE(r.ok());
}

TEST(BytesCodec, InetDecodes) {
  BytesWriter w;
  w.u8(4);
  w.raw(std::string_view("\x7f\x00\x00\x01", 4));
  w.i32(9042);
  BytesReader r(w.data());
  EXPECT_EQ(r.inet("addr"), "127.0.0.1:9042");
  EXPECT_TRUE(r.ok());
}

TEST(Frame, RequestHeaderLayout) {
  std::string f = encode_request(0x1234, Opcode::kQuery, "body");
  ASSERT_EQ(f.size(), kHeaderSize + 4);
  EXPECT_EQ(static_cast<uint8_t>(f[0]), 0x04);
  EXPECT_EQ(static_cast<uint8_t>(f[1]), 0x00);
  EXPECT_EQ(static_cast<uint8_t>(f[2]), 0x12);
  EXPECT_EQ(static_cast<uint8_t>(f[3]), 0x34);
  EXPECT_EQ(static_cast<uint8_t>(f[4]), 0x07);
  EXPECT_EQ(f.substr(5, 4), std::string("\x00\x00\x00\x04", 4));
  EXPECT_EQ(f.substr(9), "body");
}

TEST(Frame, ResponseHeaderRoundTrip) {
  std::string bytes;
  encode_header({0x84, kFlagWarning, -1, Opcode::kEvent, 77}, bytes);
  auto h = decode_response_header(bytes);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->flags, kFlagWarning);
  EXPECT_EQ(h->stream, -1);
  EXPECT_EQ(h->opcode, Opcode::kEvent);
  EXPECT_EQ(h->length, 77);
}

TEST(Frame, ResponseHeaderRejectsBadInput) {
  std::string good;
  encode_header({0x84, 0, 3, Opcode::kResult, 10}, good);
  for (size_t n = 0; n < kHeaderSize; ++n) {
    EXPECT_FALSE(decode_response_header(good.substr(0, n)).ok()) << n;
  }
  std::string request_dir;
  encode_header({0x04, 0, 3, Opcode::kResult, 10}, request_dir);
  EXPECT_FALSE(decode_response_header(request_dir).ok());
  std::string v3;
  encode_header({0x83, 0, 3, Opcode::kResult, 10}, v3);
  EXPECT_FALSE(decode_response_header(v3).ok());
  std::string negative;
  encode_header({0x84, 0, 3, Opcode::kResult, -1}, negative);
  EXPECT_FALSE(decode_response_header(negative).ok());
  std::string huge;
  encode_header({0x84, 0, 3, Opcode::kResult, kMaxBodyLength + 1}, huge);
  EXPECT_FALSE(decode_response_header(huge).ok());
  std::string bad_op = good;
  bad_op[4] = 0x04;
  EXPECT_FALSE(decode_response_header(bad_op).ok());
}

TEST(Requests, StartupCarriesCqlVersion) {
  std::string body = encode_startup({{"DRIVER_NAME", "clicklog"}});
  BytesReader r(body);
  auto m = r.string_map("startup");
  EXPECT_EQ(m["CQL_VERSION"], "3.0.0");
  EXPECT_EQ(m["DRIVER_NAME"], "clicklog");
}

TEST(Requests, PlainAuthToken) {
  EXPECT_EQ(plain_auth_token("cassandra", "pw"), std::string("\0cassandra\0pw", 13));
  std::string body = encode_auth_response(plain_auth_token("u", "p"));
  BytesReader r(body);
  EXPECT_EQ(r.bytes("token"), std::string_view("\0u\0p", 4));
}

TEST(Requests, QueryWithAllParameters) {
  QueryParameters p;
  p.consistency = Consistency::kQuorum;
  p.values = {EncodedValue::of("abc"), EncodedValue::null(), EncodedValue::unset()};
  p.page_size = 100;
  p.paging_state = "state";
  p.serial_consistency = Consistency::kLocalSerial;
  p.default_timestamp_us = 1234;
  auto body = encode_query("SELECT 1", p);
  ASSERT_TRUE(body.ok());
  BytesReader r(*body);
  EXPECT_EQ(r.long_string("q"), "SELECT 1");
  EXPECT_EQ(r.u16("cl"), 0x0004);
  EXPECT_EQ(r.u8("flags"), 0x01 | 0x04 | 0x08 | 0x10 | 0x20);
  EXPECT_EQ(r.u16("n"), 3);
  EXPECT_EQ(r.bytes("v0"), "abc");
  EXPECT_EQ(r.i32("v1"), -1);
  EXPECT_EQ(r.i32("v2"), -2);
  EXPECT_EQ(r.i32("page size"), 100);
  EXPECT_EQ(r.bytes("paging state"), "state");
  EXPECT_EQ(r.u16("serial"), 0x0009);
  EXPECT_EQ(r.i64("ts"), 1234);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(Requests, ExecuteMinimal) {
  auto body = encode_execute("ID", QueryParameters{.consistency = Consistency::kOne});
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, std::string("\x00\x02"
                               "ID"
                               "\x00\x01"
                               "\x00",
                               7));
}

TEST(Requests, UnloggedBatchLayout) {
  std::vector<BatchEntry> entries = {
      {true, "pid", {EncodedValue::of("x")}},
      {false, "INSERT", {}},
  };
  auto body =
      encode_batch(entries, {.type = BatchType::kUnlogged, .consistency = Consistency::kOne});
  ASSERT_TRUE(body.ok());
  BytesReader r(*body);
  EXPECT_EQ(r.u8("type"), 1);
  EXPECT_EQ(r.u16("n"), 2);
  EXPECT_EQ(r.u8("kind"), 1);
  EXPECT_EQ(r.short_bytes("id"), "pid");
  EXPECT_EQ(r.u16("values"), 1);
  EXPECT_EQ(r.bytes("v"), "x");
  EXPECT_EQ(r.u8("kind"), 0);
  EXPECT_EQ(r.long_string("q"), "INSERT");
  EXPECT_EQ(r.u16("values"), 0);
  EXPECT_EQ(r.u16("cl"), 1);
  EXPECT_EQ(r.u8("flags"), 0);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

}  // namespace
}  // namespace clicklog::cql::protocol
