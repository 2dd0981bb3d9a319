// Converts between Value and the serialized forms of section 6 of the v4 spec, for the types
// clicklog uses: bigint, int, smallint, tinyint, counter, text/varchar/ascii, timestamp, date,
// blob, boolean, double, float, uuid/timeuuid, inet, and list/set of text.
#pragma once

#include <optional>
#include <string_view>

#include "common/result.h"
#include "cql/protocol/data_type.h"
#include "cql/protocol/value.h"

namespace clicklog::cql::protocol {

// Encodes for a declared type (prepared metadata): checks the value fits, widens int32 to
// bigint, range-checks int64 into int. Null and Unset pass for every type.
Result<EncodedValue> encode_value(const DataType& type, const Value& value);

// Encodes by the value's own kind, for statements without metadata (simple QUERY):
// int32_t as int, int64_t as bigint, std::string as text, and so on.
Result<EncodedValue> encode_value(const Value& value);

// Decodes one cell; nullopt (a null [bytes]) is Null. Wrong sizes for fixed-width types and
// types outside the list above are errors, never guesses.
Result<Value> decode_value(const DataType& type, std::optional<std::string_view> bytes);

}  // namespace clicklog::cql::protocol
