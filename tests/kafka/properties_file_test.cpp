#include "kafka/properties_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "kafka/cluster_calls.h"

namespace clicklog::kafka {
namespace {

using KV = std::pair<std::string, std::string>;

Properties parsed(std::string_view text) {
  auto p = parse_properties(text, "f.properties");
  EXPECT_TRUE(p) << p.error().message;
  return p ? *p : Properties{};
}

TEST(PropertiesFile, OneKeyValueALine) {
  EXPECT_EQ(parsed("security.protocol=SASL_SSL\nsasl.username=alice\n"),
            (Properties{KV{"security.protocol", "SASL_SSL"}, KV{"sasl.username", "alice"}}));
}

TEST(PropertiesFile, SkipsCommentsAndBlankLines) {
  EXPECT_EQ(parsed("# a comment\n\n   \n  # indented comment=not a property\nacks=all\n"),
            (Properties{KV{"acks", "all"}}));
}

TEST(PropertiesFile, TrimsBlanksAroundKeyAndValueAndCarriageReturns) {
  EXPECT_EQ(parsed("  sasl.username = alice  \r\n\tacks\t=all\r\n"),
            (Properties{KV{"sasl.username", "alice"}, KV{"acks", "all"}}));
}

TEST(PropertiesFile, SplitsAtTheFirstEqualsAndKeepsHashesInValues) {
  EXPECT_EQ(parsed("sasl.password=a=b#c\nsasl.jaas=x # not a comment"),
            (Properties{KV{"sasl.password", "a=b#c"}, KV{"sasl.jaas", "x # not a comment"}}));
}

TEST(PropertiesFile, EmptyValueIsAValue) {
  EXPECT_EQ(parsed("ssl.ca.location=\n"), (Properties{KV{"ssl.ca.location", ""}}));
}

TEST(PropertiesFile, LastLineWithoutNewlineAndEmptyText) {
  EXPECT_EQ(parsed("acks=1"), (Properties{KV{"acks", "1"}}));
  EXPECT_TRUE(parsed("").empty());
  EXPECT_TRUE(parsed("\n\n# only comments\n").empty());
}

TEST(PropertiesFile, MissingEqualsNamesFileAndLineButNotTheText) {
  auto p = parse_properties("acks=all\n\nmy-secret-password\n", "client.properties");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "client.properties:3: expected key=value, found no '='");
  EXPECT_EQ(p.error().message.find("my-secret-password"), std::string::npos);
}

TEST(PropertiesFile, EmptyKeyIsAnError) {
  auto p = parse_properties("acks=all\n =value\n", "c.properties");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "c.properties:2: empty key before '='");
}

TEST(PropertiesFile, MissingFileNamesItAndTheReason) {
  auto p = read_properties_file("/nonexistent/clicklog/client.properties");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message,
            "cannot read /nonexistent/clicklog/client.properties: No such file or directory");
}

TEST(PropertiesFile, ReadsAFile) {
  const std::string path = ::testing::TempDir() + "/properties_file_test.properties";
  std::ofstream(path) << "# kcat -F form\nsecurity.protocol=SSL\n";
  auto p = read_properties_file(path);
  std::remove(path.c_str());
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(*p, (Properties{KV{"security.protocol", "SSL"}}));
}

std::string conf_value(rd_kafka_conf_t* conf, const char* key) {
  char value[256];
  size_t size = sizeof value;
  EXPECT_EQ(rd_kafka_conf_get(conf, key, value, &size), RD_KAFKA_CONF_OK);
  return value;
}

// --kafka-config's properties come before the -X ones, so -X wins, and both win over
// clicklog's defaults.
TEST(PropertiesFile, DashXWinsOverTheFileWhichWinsOverDefaults) {
  Properties overrides = parsed("client.id=from-file\nlinger.ms=7\nsocket.timeout.ms=1234\n");
  auto x = parse_property("linger.ms=42");
  ASSERT_TRUE(x);
  overrides.push_back(*x);
  auto conf = make_conf({{"client.id", "clicklog"}, {"socket.timeout.ms", "60000"}}, overrides);
  ASSERT_TRUE(conf) << conf.error().message;
  EXPECT_EQ(conf_value(conf->get(), "client.id"), "from-file");
  EXPECT_EQ(conf_value(conf->get(), "linger.ms"), "42");
  EXPECT_EQ(conf_value(conf->get(), "socket.timeout.ms"), "1234");
}

TEST(PropertiesFile, UnknownKeyFromTheFileIsNamedByMakeConf) {
  auto conf = make_conf({}, parsed("no.such.property=1\n"));
  ASSERT_FALSE(conf);
  EXPECT_NE(conf.error().message.find("no.such.property"), std::string::npos);
}

}  // namespace
}  // namespace clicklog::kafka
