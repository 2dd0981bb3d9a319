// Stream id allocation, store URIs and CQL quoting.
#include <gtest/gtest.h>

#include <set>

#include "cql/cluster_uri.h"
#include "cql/cql_text.h"
#include "cql/session_config.h"
#include "cql/stream_ids.h"

namespace clicklog::cql {
namespace {

TEST(StreamIds, HandsOutEachIdOnceUntilReleased) {
  StreamIdPool pool(8);
  std::set<int16_t> ids;
  for (int i = 0; i < 8; ++i) {
    auto id = pool.acquire();
    ASSERT_TRUE(id.has_value());
    EXPECT_TRUE(ids.insert(*id).second);
    EXPECT_TRUE(pool.in_use(*id));
  }
  EXPECT_FALSE(pool.acquire().has_value());
  EXPECT_EQ(pool.in_use_count(), 8);
  EXPECT_TRUE(pool.release(3));
  EXPECT_FALSE(pool.release(3));  // double release is refused
  EXPECT_FALSE(pool.release(-1));
  EXPECT_FALSE(pool.release(100));
  EXPECT_EQ(*pool.acquire(), 3);
}

TEST(StreamIds, ReusesOldestReleasedFirst) {
  StreamIdPool pool(4);
  for (int i = 0; i < 4; ++i) (void)pool.acquire();
  pool.release(2);
  pool.release(0);
  pool.release(3);
  EXPECT_EQ(*pool.acquire(), 2);
  EXPECT_EQ(*pool.acquire(), 0);
  EXPECT_EQ(*pool.acquire(), 3);
}

TEST(StreamIds, CapacityIsClampedToTheProtocolRange) {
  EXPECT_EQ(StreamIdPool(0).capacity(), 1);
  EXPECT_EQ(StreamIdPool(100000).capacity(), 32768);
  StreamIdPool big(32768);
  int16_t last = 0;
  for (int i = 0; i < 32768; ++i) last = *big.acquire();
  EXPECT_EQ(last, 32767);
}

TEST(ClusterUri, ParsesHostsPortsKeyspaceAndCredentials) {
  auto u = parse_cluster_uri("cassandra://127.0.0.1,127.0.0.2:9043,[::1]:9044/clicklog");
  ASSERT_TRUE(u.ok()) << u.error().message;
  ASSERT_EQ(u->contact_points.size(), 3u);
  EXPECT_EQ(u->contact_points[0], (Endpoint{"127.0.0.1", 9042}));
  EXPECT_EQ(u->contact_points[1], (Endpoint{"127.0.0.2", 9043}));
  EXPECT_EQ(u->contact_points[2], (Endpoint{"::1", 9044}));
  EXPECT_EQ(u->contact_points[2].to_string(), "[::1]:9044");
  EXPECT_EQ(u->keyspace, "clicklog");
  EXPECT_FALSE(u->credentials.has_value());

  auto c = SessionConfig::from_uri("cassandra://app:s3cret@localhost/ks");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->credentials->user, "app");
  EXPECT_EQ(c->credentials->password, "s3cret");
  EXPECT_EQ(c->contact_points.at(0).host, "localhost");

  auto no_ks = parse_cluster_uri("cassandra://h");
  ASSERT_TRUE(no_ks.ok());
  EXPECT_EQ(no_ks->keyspace, "");
}

TEST(ClusterUri, RejectsBadUris) {
  for (const char* bad : {"rocksdb:/tmp/x", "cassandra://", "cassandra:///ks", "cassandra://h:0/ks",
                          "cassandra://h:70000/ks", "cassandra://h:x/ks", "cassandra://::1/ks",
                          "cassandra://[::1/ks", "cassandra://h/ks/more", "cassandra://h,/ks"}) {
    EXPECT_FALSE(parse_cluster_uri(bad).ok()) << bad;
  }
}

TEST(CqlText, Quoting) {
  EXPECT_EQ(quote_identifier("clicks"), "\"clicks\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

}  // namespace
}  // namespace clicklog::cql
