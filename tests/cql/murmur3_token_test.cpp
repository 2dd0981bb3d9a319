// Murmur3Partitioner tokens against vectors from an independent implementation
// (data/murmur3_tokens.tsv, written by gen_murmur3_vectors.py with the Python cassandra-driver).
#include "cql/murmur3_token.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace clicklog::cql {
namespace {

std::string from_hex(const std::string& hex) {
  if (hex == "-") return {};
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST(Murmur3Token, MatchesIndependentVectors) {
  std::ifstream in(std::string(CQL_TEST_DATA_DIR) + "/murmur3_tokens.tsv");
  ASSERT_TRUE(in) << "missing murmur3_tokens.tsv";
  std::string line;
  int checked = 0;
  int high_tail_keys = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string hex;
    int64_t expected = 0;
    fields >> hex >> expected;
    std::string key = from_hex(hex);
    EXPECT_EQ(murmur3_token(key), expected) << "key " << hex;
    if (key.size() % 16 != 0 && static_cast<uint8_t>(key.back()) >= 0x80) ++high_tail_keys;
    ++checked;
  }
  EXPECT_GT(checked, 100);
  EXPECT_GT(high_tail_keys, 20);  // the signed-byte tail path is exercised
}

TEST(Murmur3Token, CompositeRoutingKeyLayout) {
  EXPECT_EQ(routing_key({"abc"}), "abc");
  EXPECT_EQ(routing_key({"ab", "c"}), std::string("\0\2ab\0\0\1c\0", 9));
}

}  // namespace
}  // namespace clicklog::cql
