// Stream id allocation, store URIs (hosts, TLS, credentials and their secrets) and CQL quoting.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>

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

TEST(ClusterUri, TlsOptions) {
  auto plain = parse_cluster_uri("cassandra://h/ks");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->tls.has_value());

  auto ca = parse_cluster_uri("cassandra://h:9142/ks?ca=/etc/ca.pem");
  ASSERT_TRUE(ca.ok()) << ca.error().message;
  ASSERT_TRUE(ca->tls.has_value());  // a CA means TLS
  EXPECT_EQ(ca->tls->ca_file, "/etc/ca.pem");
  EXPECT_EQ(ca->keyspace, "ks");
  EXPECT_EQ(ca->contact_points.at(0), (Endpoint{"h", 9142}));

  auto system_store = parse_cluster_uri("cassandra://h/ks?tls=1");
  ASSERT_TRUE(system_store.ok());
  EXPECT_EQ(system_store->tls, TlsOptions{});
  EXPECT_FALSE(parse_cluster_uri("cassandra://h/ks?tls=0")->tls.has_value());

  auto c = SessionConfig::from_uri("cassandra://h/ks?tls=true&ca=/ca.pem");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tls->ca_file, "/ca.pem");

  for (const char* bad : {"cassandra://h/ks?tls=2", "cassandra://h/ks?tls=0&ca=/ca.pem",
                          "cassandra://h/ks?ca=", "cassandra://h/ks?tls"}) {
    auto u = parse_cluster_uri(bad);
    EXPECT_FALSE(u.ok()) << bad;
  }
  // Options that are not the client's go back to the caller, and the client alone refuses them.
  auto other = parse_cluster_uri("cassandra://h/ks?ttl_days=3&tls=1");
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->options.size(), 1u);
  EXPECT_EQ(other->options[0], (std::pair<std::string, std::string>{"ttl_days", "3"}));
  auto refused = SessionConfig::from_uri("cassandra://h/ks?tsl=1");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("unknown option 'tsl'"), std::string::npos)
      << refused.error().message;
}

TEST(ClusterUri, CredentialsFromOptionsAndSecrets) {
  auto inline_password = parse_cluster_uri("cassandra://h/ks?user=app&password=s3cret");
  ASSERT_TRUE(inline_password.ok()) << inline_password.error().message;
  EXPECT_EQ(inline_password->credentials->user, "app");
  EXPECT_EQ(inline_password->credentials->password, "s3cret");

  ::setenv("CLICKLOG_TEST_CQL_PASSWORD", "from-env", 1);
  auto env = parse_cluster_uri("cassandra://h/ks?user=app&password=env:CLICKLOG_TEST_CQL_PASSWORD");
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->credentials->password, "from-env");

  const std::string path = ::testing::TempDir() + "cql-password";
  {
    std::ofstream out(path);
    out << "from-file\n";  // the newline echo adds is not part of the secret
  }
  auto file = parse_cluster_uri("cassandra://app@h/ks?password=file:" + path);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->credentials->user, "app");
  EXPECT_EQ(file->credentials->password, "from-file");

  ::unsetenv("CLICKLOG_TEST_CQL_PASSWORD_UNSET");
  auto unset =
      parse_cluster_uri("cassandra://h/ks?user=app&password=env:CLICKLOG_TEST_CQL_PASSWORD_UNSET");
  ASSERT_FALSE(unset.ok());
  EXPECT_NE(unset.error().message.find(
                "environment variable CLICKLOG_TEST_CQL_PASSWORD_UNSET is not set"),
            std::string::npos)
      << unset.error().message;
  auto missing = parse_cluster_uri("cassandra://h/ks?user=app&password=file:/nonexistent/pw");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot read /nonexistent/pw: No such file or directory"),
            std::string::npos)
      << missing.error().message;

  auto endless = parse_cluster_uri("cassandra://h/ks?user=app&password=file:/dev/zero");
  ASSERT_FALSE(endless.ok());
  EXPECT_NE(endless.error().message.find("/dev/zero is larger than 65536 bytes"), std::string::npos)
      << endless.error().message;

  EXPECT_FALSE(parse_cluster_uri("cassandra://h/ks?password=x").ok());  // whose?
  EXPECT_FALSE(parse_cluster_uri("cassandra://a:b@h/ks?user=c").ok());  // which user?
}

TEST(ClusterUri, RedactsPasswords) {
  EXPECT_EQ(redact_uri("cassandra://app:s3cret@h:9142,h2/ks?ca=/ca.pem&user=u&password=pw&x=1"),
            "cassandra://app:***@h:9142,h2/ks?ca=/ca.pem&user=u&password=***&x=1");
  EXPECT_EQ(redact_uri("cassandra://h/ks?password=file:/run/pw&password=env:PW"),
            "cassandra://h/ks?password=file:/run/pw&password=env:PW");
  EXPECT_EQ(redact_uri("cassandra://app@h/ks"), "cassandra://app@h/ks");
  EXPECT_EQ(redact_uri("cassandra://h/k@s"), "cassandra://h/k@s");
  EXPECT_EQ(redact_uri("cassandra://h/ks?"), "cassandra://h/ks?");
  EXPECT_EQ(redact_uri("rocksdb:/a:b@c"), "rocksdb:/a:b@c");
}

TEST(CqlText, Quoting) {
  EXPECT_EQ(quote_identifier("clicks"), "\"clicks\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

}  // namespace
}  // namespace clicklog::cql
