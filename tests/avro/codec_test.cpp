// The fast codec against itself (round trips) and against avro-c's generic codec (same bytes
// out, same events in) on many random events.
#include "avro/codec.h"

#include <gtest/gtest.h>

#include "avro/generic_codec.h"
#include "bytes.h"
#include "random_click_log.h"

namespace clicklog::avro {
namespace {

using testing::as_bytes;
using testing::hex;
using testing::RandomClickLog;

constexpr Framing kFramings[] = {Framing::kRaw, Framing::kSingleObject};
constexpr int kRandomEvents = 12000;

GenericCodec make_generic() {
  auto codec = GenericCodec::create();
  EXPECT_TRUE(codec.ok()) << codec.error().message;
  return std::move(*codec);
}

TEST(AvroCodec, EncodesAllNullAsFiveNullBranches) {
  std::string out;
  encode(ClickLog{}, Framing::kRaw, out);
  EXPECT_EQ(hex(out), "0000000000");
}

TEST(AvroCodec, EncodesKnownBody) {
  ClickLog event{
      .user_id = -3, .time = std::nullopt, .action = "click", .destination = "", .hotel = "h"};
  std::string out;
  encode(event, Framing::kRaw, out);
  // user_id: branch 1, zigzag(-3)=5; time null; action len 5; destination len 0; hotel len 1.
  EXPECT_EQ(hex(out),
            "0205"
            "00"
            "020a636c69636b"
            "0200"
            "020268");
}

TEST(AvroCodec, SingleObjectHeaderIsMagicAndLittleEndianFingerprint) {
  std::string out;
  encode(ClickLog{}, Framing::kSingleObject, out);
  ASSERT_EQ(out.size(), 15u);
  EXPECT_EQ(static_cast<uint8_t>(out[0]), 0xC3);
  EXPECT_EQ(static_cast<uint8_t>(out[1]), 0x01);
  uint64_t fp = 0;
  for (int i = 0; i < 8; ++i) fp |= uint64_t{static_cast<uint8_t>(out[2 + i])} << (8 * i);
  EXPECT_EQ(fp, schema_fingerprint());
}

TEST(AvroCodec, EncodeAppendsToExistingBytes) {
  std::string out = "prefix";
  ClickLog event{.user_id = 1, .action = "search"};
  encode(event, Framing::kRaw, out);
  std::string alone;
  encode(event, Framing::kRaw, alone);
  EXPECT_EQ(out, "prefix" + alone);
}

TEST(AvroCodec, RoundTripsRandomEventsZeroCopy) {
  RandomClickLog random(1);
  for (int i = 0; i < kRandomEvents; ++i) {
    ClickLog event = random.next();
    for (Framing framing : kFramings) {
      std::string bytes;
      encode(event, framing, bytes);
      ClickLogView view;
      auto error = decode(as_bytes(bytes), framing, view);
      ASSERT_FALSE(error) << to_string(*error);
      ASSERT_EQ(view.to_owned(), event);
      if (view.hotel && !view.hotel->empty()) {  // points into the input, not a copy
        EXPECT_GE(view.hotel->data(), bytes.data());
        EXPECT_LE(view.hotel->data() + view.hotel->size(), bytes.data() + bytes.size());
      }
      std::string again;
      encode(view, framing, again);  // the view overload writes the same bytes
      ASSERT_EQ(again, bytes);
    }
  }
}

TEST(AvroCodec, ByteIdenticalToAvroCGenericWriter) {
  GenericCodec generic = make_generic();
  RandomClickLog random(2);
  for (int i = 0; i < kRandomEvents; ++i) {
    ClickLog event = random.next();
    for (Framing framing : kFramings) {
      std::string fast;
      encode(event, framing, fast);
      auto reference = generic.encode(event, framing);
      ASSERT_TRUE(reference.ok()) << reference.error().message;
      ASSERT_EQ(hex(fast), hex(*reference)) << "event " << i;
    }
  }
}

TEST(AvroCodec, DecodesLikeAvroCGenericReader) {
  GenericCodec generic = make_generic();
  RandomClickLog random(3);
  for (int i = 0; i < kRandomEvents; ++i) {
    ClickLog event = random.next();
    for (Framing framing : kFramings) {
      auto bytes = generic.encode(event, framing);
      ASSERT_TRUE(bytes.ok()) << bytes.error().message;
      auto reference = generic.decode(as_bytes(*bytes), framing);
      ASSERT_TRUE(reference.ok()) << reference.error().message;
      ClickLogView view;
      ASSERT_FALSE(decode(as_bytes(*bytes), framing, view));
      ASSERT_EQ(view.to_owned(), *reference) << "event " << i;
      ASSERT_EQ(*reference, event);
    }
  }
}

TEST(AvroCodec, ExtremeUserIds) {
  for (int64_t id : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                     int64_t{0}, int64_t{-1}, int64_t{63}, int64_t{-64}, int64_t{64}}) {
    std::string bytes;
    encode(ClickLog{.user_id = id}, Framing::kRaw, bytes);
    ClickLogView view;
    ASSERT_FALSE(decode(as_bytes(bytes), Framing::kRaw, view));
    EXPECT_EQ(view.user_id, id);
  }
  std::string min_bytes;
  encode(ClickLog{.user_id = std::numeric_limits<int64_t>::min()}, Framing::kRaw, min_bytes);
  EXPECT_EQ(hex(min_bytes),
            "02ffffffffffffffffff01"
            "00000000");  // ten-byte varint
}

TEST(AvroCodec, MutatedInputsTheFastDecoderAcceptsDecodeTheSameInAvroC) {
  // The fast decoder accepts only well-formed bodies, which avro-c can then read safely.
  GenericCodec generic = make_generic();
  RandomClickLog random(4);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes;
    ClickLog event = random.next();
    event.time.reset();  // keep bodies short so a flip often lands in the structure
    encode(event, Framing::kRaw, bytes);
    size_t flips = 1 + random.pick(3);
    for (size_t f = 0; f < flips; ++f) {
      bytes[random.pick(bytes.size())] ^= static_cast<char>(1u << random.pick(8));
    }
    ClickLogView view;
    if (decode(as_bytes(bytes), Framing::kRaw, view)) continue;
    ++accepted;
    auto reference = generic.decode(as_bytes(bytes), Framing::kRaw);
    ASSERT_TRUE(reference.ok()) << hex(bytes) << ": " << reference.error().message;
    ASSERT_EQ(view.to_owned(), *reference) << hex(bytes);
  }
  EXPECT_GT(accepted, 1000);  // the property was exercised, not vacuous
}

}  // namespace
}  // namespace clicklog::avro
