// A column or bind-marker type as the [option] of result and prepared metadata describes it
// (native types, collections, tuples, UDTs, custom classes), and its CQL spelling for messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cql/protocol/bytes_reader.h"

namespace clicklog::cql::protocol {

enum class TypeId : uint16_t {
  kCustom = 0x0000,
  kAscii = 0x0001,
  kBigint = 0x0002,
  kBlob = 0x0003,
  kBoolean = 0x0004,
  kCounter = 0x0005,
  kDecimal = 0x0006,
  kDouble = 0x0007,
  kFloat = 0x0008,
  kInt = 0x0009,
  kTimestamp = 0x000B,
  kUuid = 0x000C,
  kVarchar = 0x000D,
  kVarint = 0x000E,
  kTimeuuid = 0x000F,
  kInet = 0x0010,
  kDate = 0x0011,
  kTime = 0x0012,
  kSmallint = 0x0013,
  kTinyint = 0x0014,
  kDuration = 0x0015,
  kList = 0x0020,
  kMap = 0x0021,
  kSet = 0x0022,
  kUdt = 0x0030,
  kTuple = 0x0031,
};

struct DataType {
  TypeId id = TypeId::kBlob;
  std::string custom_class;              // kCustom only
  std::vector<DataType> params;          // list/set: element; map: key, value; tuple/UDT: fields
  std::string udt_keyspace;              // kUdt only
  std::string udt_name;                  // kUdt only
  std::vector<std::string> field_names;  // kUdt only

  static DataType of(TypeId id) { return DataType{id}; }
};

// Nested types deeper than this are rejected: a hostile frame must not exhaust the stack.
inline constexpr int kMaxTypeDepth = 16;

// Reads one [option] type; on malformed input the reader fails and a default type returns.
DataType read_data_type(BytesReader& r, int depth = 0);

// "bigint", "list<text>", "map<text, int>", "frozen<ks.udt>", "'org.Foo'".
std::string type_name(const DataType& type);

}  // namespace clicklog::cql::protocol
