#include "cql/protocol/data_type.h"

#include <fmt/format.h>

namespace clicklog::cql::protocol {

namespace {

bool is_native(uint16_t id) {
  return (id >= 0x0001 && id <= 0x0015 && id != 0x000A);
}

}  // namespace

DataType read_data_type(BytesReader& r, int depth) {
  DataType t;
  if (depth > kMaxTypeDepth) {
    r.fail(fmt::format("type nested deeper than {}", kMaxTypeDepth));
    return t;
  }
  uint16_t id = r.u16("type id");
  if (!r.ok()) return t;
  if (is_native(id)) {
    t.id = static_cast<TypeId>(id);
    return t;
  }
  switch (id) {
    case 0x0000:
      t.id = TypeId::kCustom;
      t.custom_class = std::string(r.string("custom type class"));
      break;
    case 0x0020:
    case 0x0022:
      t.id = static_cast<TypeId>(id);
      t.params.push_back(read_data_type(r, depth + 1));
      break;
    case 0x0021:
      t.id = TypeId::kMap;
      t.params.push_back(read_data_type(r, depth + 1));
      t.params.push_back(read_data_type(r, depth + 1));
      break;
    case 0x0030: {
      t.id = TypeId::kUdt;
      t.udt_keyspace = std::string(r.string("udt keyspace"));
      t.udt_name = std::string(r.string("udt name"));
      uint16_t n = r.u16("udt field count");
      for (uint16_t i = 0; i < n && r.ok(); ++i) {
        t.field_names.emplace_back(r.string("udt field name"));
        t.params.push_back(read_data_type(r, depth + 1));
      }
      break;
    }
    case 0x0031: {
      t.id = TypeId::kTuple;
      uint16_t n = r.u16("tuple size");
      for (uint16_t i = 0; i < n && r.ok(); ++i) t.params.push_back(read_data_type(r, depth + 1));
      break;
    }
    default:
      r.fail(fmt::format("unknown type id 0x{:04x}", id));
  }
  return t;
}

std::string type_name(const DataType& t) {
  switch (t.id) {
    case TypeId::kCustom:
      return fmt::format("'{}'", t.custom_class);
    case TypeId::kAscii:
      return "ascii";
    case TypeId::kBigint:
      return "bigint";
    case TypeId::kBlob:
      return "blob";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kCounter:
      return "counter";
    case TypeId::kDecimal:
      return "decimal";
    case TypeId::kDouble:
      return "double";
    case TypeId::kFloat:
      return "float";
    case TypeId::kInt:
      return "int";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kUuid:
      return "uuid";
    case TypeId::kVarchar:
      return "text";
    case TypeId::kVarint:
      return "varint";
    case TypeId::kTimeuuid:
      return "timeuuid";
    case TypeId::kInet:
      return "inet";
    case TypeId::kDate:
      return "date";
    case TypeId::kTime:
      return "time";
    case TypeId::kSmallint:
      return "smallint";
    case TypeId::kTinyint:
      return "tinyint";
    case TypeId::kDuration:
      return "duration";
    case TypeId::kList:
      return fmt::format("list<{}>", type_name(t.params.at(0)));
    case TypeId::kSet:
      return fmt::format("set<{}>", type_name(t.params.at(0)));
    case TypeId::kMap:
      return fmt::format("map<{}, {}>", type_name(t.params.at(0)), type_name(t.params.at(1)));
    case TypeId::kUdt:
      return fmt::format("frozen<{}.{}>", t.udt_keyspace, t.udt_name);
    case TypeId::kTuple: {
      std::string out = "tuple<";
      for (size_t i = 0; i < t.params.size(); ++i) {
        if (i) out += ", ";
        out += type_name(t.params[i]);
      }
      return out + ">";
    }
  }
  return "unknown";
}

}  // namespace clicklog::cql::protocol
