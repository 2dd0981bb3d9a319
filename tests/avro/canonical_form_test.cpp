// Parsing Canonical Form and CRC-64-AVRO, on the ClickLog schema and on the specification's
// transformation rules one by one. (tests/avro/fingerprint_peer.py checks the same against an
// independent implementation.)
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "avro/click_log_schema.h"
#include "avro/codec.h"

namespace clicklog::avro {
namespace {

std::string pcf(std::string_view json) {
  auto result = parsing_canonical_form(json);
  EXPECT_TRUE(result.ok()) << result.error().message;
  return result.ok() ? *result : std::string();
}

TEST(AvroSchema, EmbeddedTextIsTheCheckedInFile) {
  std::ifstream file(CLICKLOG_SCHEMA_FILE);
  ASSERT_TRUE(file) << CLICKLOG_SCHEMA_FILE;
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(clicklog_schema_json(), text.str());
}

TEST(AvroSchema, AvroCParsesTheEmbeddedSchema) {
  auto schema = Schema::clicklog();
  ASSERT_TRUE(schema.ok()) << schema.error().message;
  EXPECT_STREQ(avro_schema_name(schema->get()), "ClickLog");
  EXPECT_STREQ(avro_schema_namespace(schema->get()), "clicklog");
}

TEST(AvroSchema, AvroCRejectsBrokenSchemas) {
  EXPECT_FALSE(Schema::parse("{\"type\": \"record\"").ok());
  EXPECT_FALSE(Schema::parse("{\"type\": \"nosuchtype\"}").ok());
}

TEST(AvroSchema, ClickLogCanonicalForm) {
  EXPECT_EQ(canonical_form(), R"({"name":"clicklog.ClickLog","type":"record","fields":[)"
                              R"({"name":"user_id","type":["null","long"]},)"
                              R"({"name":"time","type":["null","string"]},)"
                              R"({"name":"action","type":["null","string"]},)"
                              R"({"name":"destination","type":["null","string"]},)"
                              R"({"name":"hotel","type":["null","string"]}]})");
}

TEST(AvroSchema, FingerprintIsCrc64OfTheCanonicalForm) {
  EXPECT_EQ(schema_fingerprint(), crc64_avro(canonical_form()));
  EXPECT_NE(schema_fingerprint(), crc64_avro(clicklog_schema_json()));  // not of the raw text
}

TEST(AvroSchema, Crc64OfEmptyIsTheSeed) {
  EXPECT_EQ(crc64_avro(""), 0xc15d213aa4d7a795ULL);
}

TEST(AvroSchema, Crc64DependsOnEveryByteAndItsOrder) {
  EXPECT_NE(crc64_avro("ab"), crc64_avro("ba"));
  EXPECT_NE(crc64_avro("a"), crc64_avro(std::string_view("a\0", 2)));
  EXPECT_NE(crc64_avro("\"int\""), crc64_avro("\"long\""));
}

TEST(AvroCanonicalForm, Primitives) {
  EXPECT_EQ(pcf(R"("int")"), R"("int")");
  EXPECT_EQ(pcf(R"({"type": "string"})"), R"("string")");
  EXPECT_EQ(pcf(R"({"type": "long", "logicalType": "timestamp-millis"})"), R"("long")");
}

TEST(AvroCanonicalForm, StripsAndOrdersAttributes) {
  EXPECT_EQ(pcf(R"({"fields": [{"type": "int", "default": 3, "doc": "d", "name": "a",
                                "order": "descending", "aliases": ["b"]}],
                    "aliases": ["Old"], "doc": "x", "type": "record", "name": "R"})"),
            R"({"name":"R","type":"record","fields":[{"name":"a","type":"int"}]})");
}

TEST(AvroCanonicalForm, FullNames) {
  // Nested types inherit the enclosing namespace, may set their own, or be fully qualified.
  EXPECT_EQ(pcf(R"({"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
                     {"name": "x", "type": {"type": "enum", "name": "E", "symbols": ["P", "Q"]}},
                     {"name": "y", "type": {"type": "fixed", "name": "F", "namespace": "c",
                                            "size": 4}},
                     {"name": "z", "type": {"type": "record", "name": "d.Inner",
                                            "namespace": "ignored", "fields": [
                                              {"name": "again", "type": "Inner"}]}},
                     {"name": "refs", "type": ["E", "c.F", "d.Inner", "null"]}]})"),
            R"({"name":"a.b.Outer","type":"record","fields":[)"
            R"({"name":"x","type":{"name":"a.b.E","type":"enum","symbols":["P","Q"]}},)"
            R"({"name":"y","type":{"name":"c.F","type":"fixed","size":4}},)"
            R"({"name":"z","type":{"name":"d.Inner","type":"record","fields":[)"
            R"({"name":"again","type":"d.Inner"}]}},)"
            R"({"name":"refs","type":["a.b.E","c.F","d.Inner","null"]}]})");
}

TEST(AvroCanonicalForm, ArraysMapsAndIntegers) {
  EXPECT_EQ(pcf(R"({"type": "map", "values": {"type": "array", "items": "bytes"}})"),
            R"({"type":"map","values":{"type":"array","items":"bytes"}})");
  EXPECT_EQ(pcf(R"({"type": "fixed", "name": "md5", "size": "016"})"),
            R"({"name":"md5","type":"fixed","size":16})");
}

TEST(AvroCanonicalForm, KeepsUtf8AndEscapesOnlyWhatJsonRequires) {
  EXPECT_EQ(pcf(R"({"type": "enum", "name": "E", "symbols": ["A"], "doc": "é"})"),
            R"({"name":"E","type":"enum","symbols":["A"]})");
  EXPECT_EQ(pcf("{\"type\": \"enum\", \"name\": \"E\", \"symbols\": [\"\\u00e9\"]}"),
            "{\"name\":\"E\",\"type\":\"enum\",\"symbols\":[\"\xc3\xa9\"]}");
}

TEST(AvroCanonicalForm, Errors) {
  EXPECT_FALSE(parsing_canonical_form("{").ok());
  EXPECT_FALSE(parsing_canonical_form(R"("Unknown")").ok());
  EXPECT_FALSE(parsing_canonical_form(R"({"type": "record", "fields": []})").ok());
  EXPECT_FALSE(parsing_canonical_form(R"({"type": "array"})").ok());
  EXPECT_FALSE(parsing_canonical_form(R"({"type": "fixed", "name": "F", "size": -1})").ok());
  EXPECT_FALSE(parsing_canonical_form(R"(["int", {"type": "enum", "name": "E", "symbols": ["A"]},
                                          {"type": "enum", "name": "E", "symbols": ["B"]}])")
                   .ok());
  EXPECT_FALSE(parsing_canonical_form("42").ok());
}

}  // namespace
}  // namespace clicklog::avro
