// Fuzzes the ClickLog wire codec (avro/codec.h) under both framings, and decode_timed
// (event/classify.h) on the same bytes. Beyond "no crash, no overread", it checks:
// - decode_timed agrees with decode followed by parse_event_time, reason for reason;
// - a decoded view points only into the input;
// - re-encoding the view decodes to the same view, is never longer than the input (the encoder
//   writes minimal varints) and reproduces the input exactly when it is as long;
// - the owned and view encoders write the same bytes, and the single-object form is the
//   header followed by the raw form;
// - avro-c (avro/generic_codec.h, the schema-driven reference) encodes the decoded event to the
//   same bytes and decodes those bytes to the same event. Only well-formed bytes go to avro-c:
//   it trusts string lengths, so arbitrary input is the fast decoder's job alone.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "avro/codec.h"
#include "avro/generic_codec.h"
#include "event/classify.h"
#include "event/event_time.h"
#include "fuzz_check.h"

namespace {

using clicklog::ClickLogView;
using clicklog::avro::Framing;

constexpr size_t kSingleObjectHeader = 10;

bool same(const ClickLogView& a, const ClickLogView& b) {
  return a.user_id == b.user_id && a.time == b.time && a.action == b.action &&
         a.destination == b.destination && a.hotel == b.hotel;
}

bool inside(const std::optional<std::string_view>& s, std::span<const uint8_t> buffer) {
  if (!s || s->empty()) return true;
  auto* begin = reinterpret_cast<const char*>(buffer.data());
  return s->data() >= begin && s->data() + s->size() <= begin + buffer.size();
}

std::span<const uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

clicklog::avro::GenericCodec& reference_codec() {
  static clicklog::avro::GenericCodec codec = [] {
    auto c = clicklog::avro::GenericCodec::create();
    FUZZ_CHECK(c.ok());
    return std::move(*c);
  }();
  return codec;
}

void check_against_avro_c(const ClickLogView& view, Framing framing, const std::string& encoded) {
  const clicklog::ClickLog event = view.to_owned();
  auto reference = reference_codec().encode(event, framing);
  FUZZ_CHECK(reference.ok());
  FUZZ_CHECK(*reference == encoded);
  auto decoded = reference_codec().decode(as_bytes(encoded), framing);
  FUZZ_CHECK(decoded.ok());
  FUZZ_CHECK(*decoded == event);
}

void check_timed(std::span<const uint8_t> input, Framing framing,
                 const std::optional<clicklog::avro::DecodeError>& error,
                 const ClickLogView& view) {
  clicklog::TimedEvent timed;
  clicklog::EventTimeParser times;
  auto reason = clicklog::decode_timed(input, framing, timed, times);
  if (error) {
    FUZZ_CHECK(reason && *reason == clicklog::avro::to_string(*error));
    return;
  }
  if (!view.time) {
    FUZZ_CHECK(reason && *reason == "missing_time");
    return;
  }
  auto t = clicklog::parse_event_time(*view.time);
  if (!t) {
    FUZZ_CHECK(reason && *reason == "bad_time");
    return;
  }
  FUZZ_CHECK(!reason);
  FUZZ_CHECK(timed.time_ms == *t);
  FUZZ_CHECK(same(timed.event, view));
}

void check_framing(std::span<const uint8_t> input, Framing framing) {
  ClickLogView view;
  auto error = clicklog::avro::decode(input, framing, view);
  check_timed(input, framing, error, view);
  if (error) {
    FUZZ_CHECK(clicklog::avro::to_string(*error) != "unknown");
    return;
  }
  FUZZ_CHECK(inside(view.time, input) && inside(view.action, input) &&
             inside(view.destination, input) && inside(view.hotel, input));

  std::string encoded;
  clicklog::avro::encode(view, framing, encoded);
  FUZZ_CHECK(encoded.size() <= input.size());
  if (encoded.size() == input.size()) {
    FUZZ_CHECK(std::equal(input.begin(), input.end(), as_bytes(encoded).begin()));
  }
  ClickLogView again;
  FUZZ_CHECK(!clicklog::avro::decode(as_bytes(encoded), framing, again));
  FUZZ_CHECK(same(view, again));

  std::string from_owned;
  clicklog::avro::encode(view.to_owned(), framing, from_owned);
  FUZZ_CHECK(from_owned == encoded);
  check_against_avro_c(view, framing, encoded);

  if (framing == Framing::kSingleObject) {
    // The body after a good header is a valid raw value, and raw encoding is the same body.
    ClickLogView body_view;
    FUZZ_CHECK(
        !clicklog::avro::decode(input.subspan(kSingleObjectHeader), Framing::kRaw, body_view));
    FUZZ_CHECK(same(view, body_view));
    std::string raw;
    clicklog::avro::encode(view, Framing::kRaw, raw);
    FUZZ_CHECK(encoded.size() == kSingleObjectHeader + raw.size());
    FUZZ_CHECK(encoded.compare(kSingleObjectHeader, std::string::npos, raw) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  check_framing(input, Framing::kSingleObject);
  check_framing(input, Framing::kRaw);
  return 0;
}
