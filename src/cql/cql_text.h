// Small helpers for writing CQL text safely: quoted identifiers and string literals.
#pragma once

#include <string>
#include <string_view>

namespace clicklog::cql {

// "name" with inner quotes doubled: case-sensitive, safe for any keyspace or table name.
std::string quote_identifier(std::string_view name);
// 'text' with inner single quotes doubled.
std::string quote_literal(std::string_view text);

}  // namespace clicklog::cql
