// The reference ClickLog codec through avro-c's generic value API. It is slow and allocates, but
// follows the schema instead of hand-written byte layout, so tests hold the fast codec
// (avro/codec.h) to it byte for byte. Not thread-safe: one instance per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "avro/avro_handle.h"
#include "avro/click_log.h"
#include "avro/click_log_schema.h"
#include "avro/codec.h"
#include "common/result.h"

namespace clicklog::avro {

class GenericCodec {
 public:
  // For the embedded ClickLog schema.
  static Result<GenericCodec> create();

  Result<std::string> encode(const ClickLog& event, Framing framing);

  // Framing failures carry the DecodeError's name as message; body failures avro-c's message.
  // avro-c trusts string lengths (a negative one writes before its buffer), so give this
  // well-formed bodies or truncations of them, never arbitrary bytes: that is the fast
  // decoder's job.
  Result<ClickLog> decode(std::span<const uint8_t> bytes, Framing framing);

 private:
  GenericCodec(Schema schema, detail::IfacePtr iface, detail::OwnedValue value,
               detail::ReaderPtr reader, detail::WriterPtr writer)
      : schema_(std::move(schema)),
        iface_(std::move(iface)),
        value_(std::move(value)),
        reader_(std::move(reader)),
        writer_(std::move(writer)) {}

  Status fill(const ClickLog& event);
  Result<ClickLog> extract();

  Schema schema_;
  detail::IfacePtr iface_;
  // Reused across calls, as a long-lived avro-c consumer would: only the buffers change.
  detail::OwnedValue value_;
  detail::ReaderPtr reader_;
  detail::WriterPtr writer_;
};

}  // namespace clicklog::avro
