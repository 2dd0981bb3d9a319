// The ClickLog Avro schema: its text (embedded at build time from schema/clicklog.avsc), an
// owning handle to avro-c's parsed form, and the schema identity used by single-object framing:
// the Parsing Canonical Form and its CRC-64-AVRO (Rabin) fingerprint, per the Avro specification.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "avro/avro_handle.h"
#include "common/result.h"

namespace clicklog::avro {

// The contents of schema/clicklog.avsc as of the build.
std::string_view clicklog_schema_json();

// A parsed avro-c schema; owns one reference.
class Schema {
 public:
  static Result<Schema> parse(std::string_view json);
  static Result<Schema> clicklog() { return parse(clicklog_schema_json()); }

  avro_schema_t get() const { return schema_.get(); }

 private:
  explicit Schema(detail::SchemaPtr schema) : schema_(std::move(schema)) {}
  detail::SchemaPtr schema_;
};

// The Parsing Canonical Form of any Avro schema given as JSON text: names made full, attributes
// not needed for parsing dropped, the rest in the specification's order, no whitespace.
Result<std::string> parsing_canonical_form(std::string_view schema_json);

// CRC-64-AVRO of `bytes`; the fingerprint of the empty string is 0xc15d213aa4d7a795.
uint64_t crc64_avro(std::string_view bytes);

}  // namespace clicklog::avro
