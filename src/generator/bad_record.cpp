#include "generator/bad_record.h"

#include "avro/codec.h"
#include "common/time_format.h"
#include "generator/places.h"

namespace clicklog::generator {

namespace {

constexpr BadRecordKind kKinds[] = {
    BadRecordKind::kGarbage,        BadRecordKind::kTruncated,     BadRecordKind::kBadMagic,
    BadRecordKind::kBadFingerprint, BadRecordKind::kTrailingBytes, BadRecordKind::kBadTime,
    BadRecordKind::kMissingTime,
};

constexpr std::string_view kBadTimes[] = {
    "not a time",
    "",
    "yesterday",
    "1795820503123",            // epoch milliseconds as text
    "2026-13-45T25:61:00Z",     // no such month, day, hour or minute
    "2026-02-30T10:00:00Z",     // no such day
    "2026-11-27T24:00:00Z",     // no hour 24
    "2026-11-27T23:01:43",      // RFC 3339 form without a zone
    "2026-11-27T23:01:43.Z",    // a dot without digits
    "2026-11-27 23:01:43 UTC",  // trailing words
    "27/11/2026 23:01:43",
    "2026-11-27",
};

constexpr int64_t kSomeTime = 1'795'820'503'123;  // 2026-11-27T23:01:43.123Z

// A plausible event, so only the one defect under test makes the value bad.
ClickLog plausible_event(Rng& rng) {
  const auto places = place_names();
  ClickLog e;
  e.user_id = rng.between(1, 1'000'000);
  e.time = format_rfc3339_utc_ms(kSomeTime + rng.between(0, 86'400'000));
  const bool click = rng.chance(0.5);
  e.action = click ? "click" : "search";
  e.destination = std::string(places[rng.below(places.size())]);
  if (click) e.hotel = "h-" + *e.destination + "-" + std::to_string(1000 + rng.below(9000));
  return e;
}

std::string single_object(const ClickLog& e) {
  std::string out;
  avro::encode(e, avro::Framing::kSingleObject, out);
  return out;
}

char random_byte(Rng& rng) {
  return static_cast<char>(rng.below(256));
}

}  // namespace

std::span<const BadRecordKind> all_bad_record_kinds() {
  return kKinds;
}
std::span<const std::string_view> bad_times() {
  return kBadTimes;
}

std::string_view to_string(BadRecordKind kind) {
  switch (kind) {
    case BadRecordKind::kGarbage:
      return "garbage";
    case BadRecordKind::kTruncated:
      return "truncated";
    case BadRecordKind::kBadMagic:
      return "bad_magic";
    case BadRecordKind::kBadFingerprint:
      return "bad_fingerprint";
    case BadRecordKind::kTrailingBytes:
      return "trailing_bytes";
    case BadRecordKind::kBadTime:
      return "bad_time";
    case BadRecordKind::kMissingTime:
      return "missing_time";
  }
  return "unknown";
}

std::string make_bad_record(Rng& rng, BadRecordKind kind) {
  switch (kind) {
    case BadRecordKind::kGarbage: {
      std::string out(1 + rng.below(64), '\0');
      for (char& c : out) c = random_byte(rng);
      out[0] = static_cast<char>(1 + rng.below(0xC2));  // 0x01..0xC2: neither 00 nor C3
      return out;
    }
    case BadRecordKind::kTruncated: {
      std::string out = single_object(plausible_event(rng));
      out.resize(rng.below(out.size()));
      return out;
    }
    case BadRecordKind::kBadMagic: {
      std::string out = single_object(plausible_event(rng));
      if (rng.chance(0.5)) {
        out[1] = static_cast<char>(2 + rng.below(254));  // C3 followed by anything but 01
      } else {
        out[0] = static_cast<char>(1 + rng.below(0xC2));
      }
      return out;
    }
    case BadRecordKind::kBadFingerprint: {
      std::string out = single_object(plausible_event(rng));
      out[2 + rng.below(8)] ^= static_cast<char>(1 << rng.below(8));
      return out;
    }
    case BadRecordKind::kTrailingBytes: {
      std::string out = single_object(plausible_event(rng));
      for (uint64_t n = 1 + rng.below(8); n > 0; --n) out += random_byte(rng);
      return out;
    }
    case BadRecordKind::kBadTime: {
      ClickLog e = plausible_event(rng);
      e.time = std::string(kBadTimes[rng.below(std::size(kBadTimes))]);
      return single_object(e);
    }
    case BadRecordKind::kMissingTime: {
      ClickLog e = plausible_event(rng);
      e.time.reset();
      return single_object(e);
    }
  }
  return {};
}

}  // namespace clicklog::generator
