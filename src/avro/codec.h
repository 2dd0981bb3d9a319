// The ClickLog wire codec: Avro binary bodies, optionally in Avro single-object framing
// (C3 01, 8-byte little-endian CRC-64-AVRO fingerprint, body). This is the hand-specialised
// hot path; avro/generic_codec.h is the avro-c reference it is tested against byte for byte.
// All functions are thread-safe; decode never allocates, encode only grows `out`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "avro/click_log.h"

namespace clicklog::avro {

enum class Framing { kSingleObject, kRaw };

// Why a value could not be decoded; each has a stable name for metrics and DLQ headers.
enum class DecodeError {
  kTruncated,       // ran out of bytes mid-value (or too short for the header)
  kBadMagic,        // single-object framing without the C3 01 marker
  kBadFingerprint,  // single-object framing for a schema we do not know
  kBadVarint,       // a varint longer than 10 bytes or overflowing 64 bits
  kBadUnionIndex,   // a union branch index other than 0 (null) or 1
  kBadLength,       // a negative string length
  kTrailingBytes,   // bytes left after the record
};
std::string_view to_string(DecodeError error);

// The schema's Parsing Canonical Form and its CRC-64-AVRO fingerprint.
const std::string& canonical_form();
uint64_t schema_fingerprint();

// Decodes one value. On success `out` points into `bytes`; after an error it is as it was.
std::optional<DecodeError> decode(std::span<const uint8_t> bytes, Framing framing,
                                  ClickLogView& out);

// Appends the encoding of `event` to `out`.
void encode(const ClickLog& event, Framing framing, std::string& out);
void encode(const ClickLogView& event, Framing framing, std::string& out);

}  // namespace clicklog::avro
