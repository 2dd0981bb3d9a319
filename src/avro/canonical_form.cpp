// Parsing Canonical Form (Avro specification, "Transforming into Parsing Canonical Form"):
// PRIMITIVES, FULLNAMES, STRIP, ORDER, STRINGS, INTEGERS, WHITESPACE. Written out by hand
// rather than through jansson's serializer so the attribute order and spacing are exact.
#include <jansson.h>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "avro/click_log_schema.h"

namespace clicklog::avro {
namespace {

struct JsonRelease {
  void operator()(json_t* json) const { json_decref(json); }
};
using JsonPtr = std::unique_ptr<json_t, JsonRelease>;

bool is_primitive(std::string_view type) {
  for (std::string_view p :
       {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}) {
    if (type == p) return true;
  }
  return false;
}

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);  // STRINGS: UTF-8 stays as is
    }
  }
  out += '"';
}

std::string_view string_member(const json_t* object, const char* key) {
  const json_t* member = json_object_get(object, key);
  if (!json_is_string(member)) return {};
  return {json_string_value(member), json_string_length(member)};
}

std::string namespace_of(std::string_view full_name) {
  auto dot = full_name.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(full_name.substr(0, dot));
}

std::string qualify(std::string_view name, const std::string& ns) {
  if (ns.empty() || name.find('.') != std::string_view::npos) return std::string(name);
  return ns + "." + std::string(name);
}

class Canonicalizer {
 public:
  std::string out;

  // Appends the canonical form of `node`, a schema met inside namespace `ns`.
  Status schema(const json_t* node, const std::string& ns) {
    if (json_is_string(node)) return type_name(json_string_value(node), ns);
    if (json_is_array(node)) return union_of(node, ns);
    if (!json_is_object(node)) return Error{"schema: expected a string, array or object"};

    const json_t* type = json_object_get(node, "type");
    if (json_is_object(type) || json_is_array(type)) return schema(type, ns);
    if (!json_is_string(type)) return Error{"schema: object without a \"type\""};
    std::string_view kind = json_string_value(type);
    if (kind == "record" || kind == "error" || kind == "enum" || kind == "fixed") {
      return named(node, kind, ns);
    }
    if (kind == "array") return container(node, kind, "items", ns);
    if (kind == "map") return container(node, kind, "values", ns);
    return type_name(kind, ns);  // {"type":"int", ...} or a reference in object form
  }

 private:
  Status type_name(std::string_view name, const std::string& ns) {
    if (is_primitive(name)) {
      append_quoted(out, name);
      return {};
    }
    std::string full = qualify(name, ns);
    if (!defined_.contains(full)) {
      if (!defined_.contains(std::string(name))) {
        return Error{"schema: unknown type \"" + std::string(name) + "\""};
      }
      full = std::string(name);
    }
    append_quoted(out, full);
    return {};
  }

  Status union_of(const json_t* branches, const std::string& ns) {
    out += '[';
    for (size_t i = 0; i < json_array_size(branches); ++i) {
      if (i > 0) out += ',';
      if (auto s = schema(json_array_get(branches, i), ns); !s) return s;
    }
    out += ']';
    return {};
  }

  Status container(const json_t* node, std::string_view kind, const char* key,
                   const std::string& ns) {
    const json_t* inner = json_object_get(node, key);
    if (inner == nullptr) return Error{"schema: " + std::string(kind) + " without \"" + key + "\""};
    out += "{\"type\":";
    append_quoted(out, kind);
    out += ",\"";
    out += key;
    out += "\":";
    if (auto s = schema(inner, ns); !s) return s;
    out += '}';
    return {};
  }

  Status named(const json_t* node, std::string_view kind, const std::string& ns) {
    std::string_view name = string_member(node, "name");
    if (name.empty()) return Error{"schema: " + std::string(kind) + " without a \"name\""};
    const json_t* declared_ns = json_object_get(node, "namespace");
    std::string full = qualify(
        name, json_is_string(declared_ns) ? std::string(json_string_value(declared_ns)) : ns);
    if (!defined_.insert(full).second) return Error{"schema: \"" + full + "\" defined twice"};

    out += "{\"name\":";
    append_quoted(out, full);
    out += ",\"type\":";
    append_quoted(out, kind);
    if (kind == "enum") return symbols(node);
    if (kind == "fixed") return size(node);
    return fields(node, namespace_of(full));
  }

  Status fields(const json_t* node, const std::string& ns) {
    const json_t* list = json_object_get(node, "fields");
    if (!json_is_array(list)) return Error{"schema: record without \"fields\""};
    out += ",\"fields\":[";
    for (size_t i = 0; i < json_array_size(list); ++i) {
      const json_t* field = json_array_get(list, i);
      std::string_view name = string_member(field, "name");
      const json_t* type = json_object_get(field, "type");
      if (name.empty() || type == nullptr) return Error{"schema: field without name or type"};
      if (i > 0) out += ',';
      out += "{\"name\":";
      append_quoted(out, name);
      out += ",\"type\":";
      if (auto s = schema(type, ns); !s) return s;
      out += '}';
    }
    out += "]}";
    return {};
  }

  Status symbols(const json_t* node) {
    const json_t* list = json_object_get(node, "symbols");
    if (!json_is_array(list)) return Error{"schema: enum without \"symbols\""};
    out += ",\"symbols\":[";
    for (size_t i = 0; i < json_array_size(list); ++i) {
      const json_t* symbol = json_array_get(list, i);
      if (!json_is_string(symbol)) return Error{"schema: enum symbol is not a string"};
      if (i > 0) out += ',';
      append_quoted(out, {json_string_value(symbol), json_string_length(symbol)});
    }
    out += "]}";
    return {};
  }

  // INTEGERS: a size may be written "16" or 16; either way it comes out bare, no leading zeros.
  Status size(const json_t* node) {
    const json_t* size = json_object_get(node, "size");
    unsigned long long value = 0;
    if (json_is_integer(size) && json_integer_value(size) >= 0) {
      value = static_cast<unsigned long long>(json_integer_value(size));
    } else if (std::string_view digits = string_member(node, "size");
               !digits.empty() && digits.size() < 19 &&
               digits.find_first_not_of("0123456789") == std::string_view::npos) {
      value = std::stoull(std::string(digits));
    } else {
      return Error{"schema: fixed without a valid \"size\""};
    }
    out += ",\"size\":" + std::to_string(value) + "}";
    return {};
  }

  std::set<std::string, std::less<>> defined_;
};

}  // namespace

Result<std::string> parsing_canonical_form(std::string_view schema_json) {
  json_error_t error;
  JsonPtr root(json_loadb(schema_json.data(), schema_json.size(), JSON_DECODE_ANY, &error));
  if (!root) return Error{std::string("schema JSON: ") + error.text};
  Canonicalizer canonicalizer;
  if (auto status = canonicalizer.schema(root.get(), ""); !status) {
    return Error{status.message()};
  }
  return std::move(canonicalizer.out);
}

}  // namespace clicklog::avro
