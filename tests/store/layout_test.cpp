// Store URIs, the RocksDB key layout (byte order is the contract's order, a day is one range)
// and the Cassandra bucket and schema text.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "hotel/click_order.h"
#include "store/cassandra_schema.h"
#include "store/rocksdb_keys.h"
#include "store/store_uri.h"

namespace clicklog::store {
namespace {

TEST(StoreUri, RocksDb) {
  auto u = parse_store_uri("rocksdb:/var/lib/clicklog");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(std::get<RocksDbUri>(*u).path, "/var/lib/clicklog");
  EXPECT_EQ(std::get<RocksDbUri>(*parse_store_uri("rocksdb:data")).path, "data");
  EXPECT_FALSE(parse_store_uri("rocksdb:").ok());
  EXPECT_FALSE(parse_store_uri("/var/lib/clicklog").ok());
  EXPECT_FALSE(parse_store_uri("mysql://x/y").ok());
}

TEST(StoreUri, CassandraWithOptions) {
  auto u = parse_store_uri("cassandra://a:9043,b/clicks?replication=3&ttl_days=30&consistency=one");
  ASSERT_TRUE(u.ok()) << u.error().message;
  const auto& c = std::get<CassandraUri>(*u);
  EXPECT_EQ(c.cluster.contact_points.size(), 2u);
  EXPECT_EQ(c.cluster.keyspace, "clicks");
  EXPECT_FALSE(c.cluster.tls.has_value());
  EXPECT_EQ(c.keyspace, "clicks");
  EXPECT_EQ(c.replication, "{'class': 'SimpleStrategy', 'replication_factor': 3}");
  EXPECT_EQ(c.ttl_days, 30);
  EXPECT_EQ(c.consistency, "ONE");

  auto dc = parse_store_uri("cassandra://h/k?replication=dc1:3,dc'2:2");
  ASSERT_TRUE(dc.ok()) << dc.error().message;
  EXPECT_EQ(std::get<CassandraUri>(*dc).replication,
            "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc''2': 2}");
  const auto defaults = std::get<CassandraUri>(*parse_store_uri("cassandra://h/k"));
  EXPECT_EQ(defaults.consistency, "LOCAL_QUORUM");
  EXPECT_FALSE(defaults.ttl_days);

  // The CQL client's options mix with the store's, in any order, and are the client's alone.
  const auto secured = std::get<CassandraUri>(
      *parse_store_uri("cassandra://h/k?ca=/ca.pem&ttl_days=2&user=u&password=p"));
  EXPECT_EQ(secured.ttl_days, 2);
  ASSERT_TRUE(secured.cluster.tls.has_value());
  EXPECT_EQ(secured.cluster.tls->ca_file, "/ca.pem");
  EXPECT_EQ(secured.cluster.credentials->password, "p");
  EXPECT_TRUE(secured.cluster.options.empty());

  for (const char* bad : {"cassandra://h", "cassandra://h/", "cassandra://h/k?ttl_days=0",
                          "cassandra://h/k?replication=x", "cassandra://h/k?replication=dc1:",
                          "cassandra://h/k?consistency=most", "cassandra://h/k?color=red",
                          "cassandra:///k", "cassandra://h/k?tls=yes"}) {
    EXPECT_FALSE(parse_store_uri(bad).ok()) << bad;
  }
}

TEST(RocksDbKeys, ByteOrderIsTheContractsOrder) {
  std::mt19937_64 rng(3);
  const int64_t values[] = {INT64_MIN, -86'400'001, -1,         0,
                            1,         86'399'999,  86'400'000, INT64_MAX / 4};
  std::vector<hotel::StoredClick> clicks;
  for (int i = 0; i < 2'000; ++i) {
    clicks.push_back({values[rng() % 8] / 3,
                      values[rng() % 6 + 1] * 3 + static_cast<int64_t>(rng() % 3),
                      static_cast<int32_t>(rng() % 3) - 1, values[rng() % 8], "h"});
  }
  const auto contract = [](const hotel::StoredClick& a, const hotel::StoredClick& b) {
    return std::make_tuple(hotel::utc_day(a.time_ms), a.user_id, a.time_ms, a.partition, a.offset) <
           std::make_tuple(hotel::utc_day(b.time_ms), b.user_id, b.time_ms, b.partition, b.offset);
  };
  std::sort(clicks.begin(), clicks.end(), contract);
  for (size_t i = 1; i < clicks.size(); ++i) {
    const auto a = rocks::click_key(clicks[i - 1]), b = rocks::click_key(clicks[i]);
    EXPECT_EQ(a < b, contract(clicks[i - 1], clicks[i])) << i;
    EXPECT_EQ(a.size(), rocks::kClickKeySize);
  }
  for (const auto& c : clicks) {
    const std::string key = rocks::click_key(c);
    auto back = rocks::parse_click_key(key);
    ASSERT_TRUE(back);
    EXPECT_EQ(std::tie(back->user_id, back->time_ms, back->partition, back->offset),
              std::tie(c.user_id, c.time_ms, c.partition, c.offset));
    // Inside its day's range, outside the neighbours'.
    const int32_t day = hotel::utc_day(c.time_ms);
    EXPECT_GE(key, rocks::day_prefix(rocks::kClick, day));
    EXPECT_LT(key, rocks::day_prefix(rocks::kClick, day + 1));
  }
  EXPECT_FALSE(rocks::parse_click_key("c123"));
  EXPECT_EQ(rocks::parse_user_key(rocks::user_key(rocks::kLive, -3, -42)), -42);
}

TEST(CassandraLayout, BucketsAreStableAndSpread) {
  // Part of the stored layout: these values must never change.
  EXPECT_EQ(cassandra::click_bucket(0), 0);
  EXPECT_EQ(cassandra::click_bucket(1), 19);
  EXPECT_EQ(cassandra::click_bucket(-1), 12);
  std::vector<int> counts(cassandra::kBuckets, 0);
  for (int64_t u = 0; u < 32'000; ++u) ++counts.at(static_cast<size_t>(cassandra::click_bucket(u)));
  for (int n : counts) EXPECT_NEAR(n, 1'000, 100);
}

TEST(CassandraLayout, SchemaWithAndWithoutRetention) {
  const auto plain = cassandra::create_statements(
      {"ks", "{'class': 'SimpleStrategy', 'replication_factor': 1}", {}});
  ASSERT_EQ(plain.size(), 4u);
  EXPECT_NE(plain[0].find("CREATE KEYSPACE IF NOT EXISTS \"ks\""), std::string::npos);
  EXPECT_NE(plain[1].find(
                "PRIMARY KEY ((day, bucket), user_id, event_time, kafka_partition, kafka_offset))"),
            std::string::npos);
  EXPECT_EQ(plain[1].find("default_time_to_live"), std::string::npos);
  EXPECT_TRUE(cassandra::retention_statements({"ks", "", {}}).empty());
  const auto ttl = cassandra::create_statements({"ks", "{}", 7});
  EXPECT_NE(ttl[1].find("default_time_to_live = 604800"), std::string::npos);
  EXPECT_NE(ttl[1].find("TimeWindowCompactionStrategy"), std::string::npos);
  EXPECT_EQ(ttl[3].find("default_time_to_live"), std::string::npos) << "results are kept";
  EXPECT_EQ(cassandra::retention_statements({"ks", "", 7}).size(), 2u);
}

}  // namespace
}  // namespace clicklog::store
