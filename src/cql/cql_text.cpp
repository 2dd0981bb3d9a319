#include "cql/cql_text.h"

namespace clicklog::cql {

namespace {
std::string quote(std::string_view text, char q) {
  std::string out(1, q);
  for (char c : text) {
    if (c == q) out.push_back(q);
    out.push_back(c);
  }
  out.push_back(q);
  return out;
}
}  // namespace

std::string quote_identifier(std::string_view name) {
  return quote(name, '"');
}
std::string quote_literal(std::string_view text) {
  return quote(text, '\'');
}

}  // namespace clicklog::cql
