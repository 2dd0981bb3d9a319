// Deliberately bad Kafka record values, for tests of dead-lettering (CONTRACT.md section 5):
// each kind breaks one thing a reader must reject — the framing, the Avro body, or the time.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "generator/rng.h"

namespace clicklog::generator {

enum class BadRecordKind {
  kGarbage,         // random bytes, not starting with C3 (nor 00, the Confluent marker)
  kTruncated,       // a valid single-object value cut short (possibly to nothing)
  kBadMagic,        // a valid value whose two marker bytes are not C3 01
  kBadFingerprint,  // a valid value carrying another schema's fingerprint
  kTrailingBytes,   // a valid value with bytes after the record
  kBadTime,         // well framed and decodable, but its time is not a time ("2026-13-45T...")
  kMissingTime,     // well framed and decodable, with a null time
};

std::span<const BadRecordKind> all_bad_record_kinds();
std::string_view to_string(BadRecordKind kind);

// Times no reader may accept: not RFC 3339 with a zone, nor "YYYY-MM-DD HH:MM:SS[.fff]".
std::span<const std::string_view> bad_times();

// A bad value of that kind, in the producer's default single-object framing. Every kind is
// bad under single-object framing; kGarbage is only very probably bad when read as raw.
std::string make_bad_record(Rng& rng, BadRecordKind kind);

}  // namespace clicklog::generator
