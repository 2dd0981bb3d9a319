// Malformed input never crashes the fast decoder and always yields the DecodeError that names
// what is wrong with it.
#include <gtest/gtest.h>

#include "avro/codec.h"
#include "bytes.h"
#include "random_click_log.h"

namespace clicklog::avro {
namespace {

using testing::as_bytes;
using testing::hex;
using testing::RandomClickLog;

std::optional<DecodeError> decode_raw(std::string_view bytes) {
  ClickLogView view;
  return decode(as_bytes(bytes), Framing::kRaw, view);
}

std::string single_object(std::string_view body) {
  std::string out;
  encode(ClickLog{}, Framing::kSingleObject, out);
  out.resize(10);  // keep the header only
  return out + std::string(body);
}

TEST(AvroDecodeErrors, NamesAreStable) {
  EXPECT_EQ(to_string(DecodeError::kTruncated), "truncated");
  EXPECT_EQ(to_string(DecodeError::kBadMagic), "bad_magic");
  EXPECT_EQ(to_string(DecodeError::kBadFingerprint), "bad_fingerprint");
  EXPECT_EQ(to_string(DecodeError::kBadVarint), "bad_varint");
  EXPECT_EQ(to_string(DecodeError::kBadUnionIndex), "bad_union_index");
  EXPECT_EQ(to_string(DecodeError::kBadLength), "bad_length");
  EXPECT_EQ(to_string(DecodeError::kTrailingBytes), "trailing_bytes");
}

TEST(AvroDecodeErrors, EveryStrictPrefixIsTruncated) {
  RandomClickLog random(10);
  for (int i = 0; i < 300; ++i) {
    ClickLog event = random.next();
    for (Framing framing : {Framing::kRaw, Framing::kSingleObject}) {
      std::string bytes;
      encode(event, framing, bytes);
      for (size_t n = 0; n < bytes.size(); ++n) {
        // A copy of exactly n bytes, so reading past it is caught by the sanitizer build.
        std::string prefix = bytes.substr(0, n);
        ClickLogView view;
        auto error = decode(as_bytes(prefix), framing, view);
        ASSERT_TRUE(error) << hex(prefix);
        ASSERT_EQ(*error, DecodeError::kTruncated) << hex(prefix);
      }
    }
  }
}

TEST(AvroDecodeErrors, EmptyInputIsTruncatedInBothFramings) {
  ClickLogView view;
  EXPECT_EQ(decode({}, Framing::kRaw, view), DecodeError::kTruncated);
  EXPECT_EQ(decode({}, Framing::kSingleObject, view), DecodeError::kTruncated);
}

TEST(AvroDecodeErrors, WrongMagic) {
  std::string good;
  encode(ClickLog{.user_id = 7}, Framing::kSingleObject, good);
  for (size_t at : {0u, 1u}) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[at] ^= static_cast<char>(1 << bit);
      ClickLogView view;
      EXPECT_EQ(decode(as_bytes(bad), Framing::kSingleObject, view), DecodeError::kBadMagic)
          << hex(bad);
    }
  }
  ClickLogView view;
  EXPECT_EQ(decode(as_bytes(std::string(1, '\0')), Framing::kSingleObject, view),
            DecodeError::kBadMagic);
  // A raw body handed to the single-object reader: its first byte is a branch index.
  std::string raw;
  encode(ClickLog{.user_id = 7}, Framing::kRaw, raw);
  EXPECT_EQ(decode(as_bytes(raw), Framing::kSingleObject, view), DecodeError::kBadMagic);
}

TEST(AvroDecodeErrors, UnknownFingerprint) {
  std::string good;
  encode(ClickLog{.user_id = 7}, Framing::kSingleObject, good);
  for (size_t at = 2; at < 10; ++at) {
    std::string bad = good;
    bad[at] ^= 0x40;
    ClickLogView view;
    EXPECT_EQ(decode(as_bytes(bad), Framing::kSingleObject, view), DecodeError::kBadFingerprint);
  }
}

TEST(AvroDecodeErrors, VarintLongerThanTenBytes) {
  // user_id branch 1, then eleven continuation bytes.
  EXPECT_EQ(decode_raw("\x02" + std::string(11, '\x80') + "\x00" + std::string(4, '\0')),
            DecodeError::kBadVarint);
  // Ten bytes whose last still has the continuation bit.
  EXPECT_EQ(decode_raw("\x02" + std::string(10, '\xff') + std::string(4, '\0')),
            DecodeError::kBadVarint);
  // A bad varint as the branch index itself.
  EXPECT_EQ(decode_raw(std::string(12, '\x80')), DecodeError::kBadVarint);
}

TEST(AvroDecodeErrors, VarintOverflowingSixtyFourBits) {
  std::string tenth_byte_two = "\x02" + std::string(9, '\xff') + "\x02" + std::string(4, '\0');
  EXPECT_EQ(decode_raw(tenth_byte_two), DecodeError::kBadVarint);
  std::string tenth_byte_one = "\x02" + std::string(9, '\xff') + "\x01" + std::string(4, '\0');
  EXPECT_FALSE(decode_raw(tenth_byte_one));  // the largest zigzag value: INT64_MIN
}

TEST(AvroDecodeErrors, NonMinimalVarintsAreAccepted) {
  // 0x80 0x00 is zero in two bytes; Avro readers take it, and so does avro-c.
  EXPECT_FALSE(decode_raw(std::string("\x80\x00", 2) + std::string(4, '\0')));
}

TEST(AvroDecodeErrors, UnionIndexOtherThanNullOrValue) {
  // zigzag 4 = index 2, zigzag 1 = index -1, and a large index in a multi-byte varint.
  EXPECT_EQ(decode_raw(std::string("\x04") + std::string(4, '\0')), DecodeError::kBadUnionIndex);
  EXPECT_EQ(decode_raw(std::string("\x01") + std::string(4, '\0')), DecodeError::kBadUnionIndex);
  EXPECT_EQ(decode_raw(std::string("\x00\x00\x80\x01\x00\x00", 6)), DecodeError::kBadUnionIndex);
  // Also in the last field, after four good ones.
  EXPECT_EQ(decode_raw(std::string(4, '\0') + "\x06"), DecodeError::kBadUnionIndex);
}

TEST(AvroDecodeErrors, NegativeStringLength) {
  // time: branch 1, length zigzag 1 = -1.
  EXPECT_EQ(decode_raw(std::string("\x00\x02\x01", 3) + std::string(3, '\0')),
            DecodeError::kBadLength);
  // The most negative length there is.
  EXPECT_EQ(decode_raw(std::string("\x00\x02", 2) + std::string(9, '\xff') + "\x01" +
                       std::string(3, '\0')),
            DecodeError::kBadLength);
}

TEST(AvroDecodeErrors, LengthsBeyondTheBufferAreTruncated) {
  std::string header("\x00\x02", 2);  // user_id null, time present
  // 2^62 bytes, INT64_MAX bytes, and one more byte than is left.
  EXPECT_EQ(decode_raw(header + std::string(8, '\x80') + "\x80\x01" + std::string(3, '\0')),
            DecodeError::kTruncated);
  EXPECT_EQ(decode_raw(header + "\xfe" + std::string(8, '\xff') + "\x01" + std::string(3, '\0')),
            DecodeError::kTruncated);
  EXPECT_EQ(decode_raw(header + "\x08" + "abc"), DecodeError::kTruncated);
}

TEST(AvroDecodeErrors, TrailingBytes) {
  for (Framing framing : {Framing::kRaw, Framing::kSingleObject}) {
    std::string bytes;
    encode(ClickLog{.user_id = 1, .hotel = "h-1"}, framing, bytes);
    for (std::string extra : {std::string(1, '\0'), std::string("xyz")}) {
      std::string bad = bytes + extra;
      ClickLogView view;
      EXPECT_EQ(decode(as_bytes(bad), framing, view), DecodeError::kTrailingBytes);
    }
  }
  // Two records back to back are not one record.
  std::string two;
  encode(ClickLog{}, Framing::kRaw, two);
  encode(ClickLog{}, Framing::kRaw, two);
  EXPECT_EQ(decode_raw(two), DecodeError::kTrailingBytes);
}

TEST(AvroDecodeErrors, ErrorLeavesTheOutputUntouched) {
  ClickLogView view;
  view.action = "kept";
  EXPECT_EQ(decode(as_bytes(std::string("\x00\x00\x02\x02\x61\x04", 6)), Framing::kRaw, view),
            DecodeError::kBadUnionIndex);
  EXPECT_EQ(view.action, std::optional<std::string_view>("kept"));
}

TEST(AvroDecodeErrors, RandomGarbageNeverCrashes) {
  RandomClickLog random(11);
  std::mt19937_64& rng = random.engine();
  size_t decoded = 0;
  for (int i = 0; i < 200000; ++i) {
    // Bias towards small byte values so garbage often gets past the first branch index.
    std::string bytes(random.pick(48), '\0');
    for (char& c : bytes) c = static_cast<char>(random.chance(0.6) ? rng() % 4 : rng());
    for (Framing framing : {Framing::kRaw, Framing::kSingleObject}) {
      std::string input = framing == Framing::kRaw ? bytes : single_object(bytes);
      ClickLogView view;
      if (decode(as_bytes(input), framing, view)) continue;
      ++decoded;
      for (const auto& text : {view.time, view.action, view.destination, view.hotel}) {
        if (!text || text->empty()) continue;
        ASSERT_GE(text->data(), input.data());
        ASSERT_LE(text->data() + text->size(), input.data() + input.size());
      }
    }
  }
  EXPECT_GT(decoded, 0u);
}

}  // namespace
}  // namespace clicklog::avro
