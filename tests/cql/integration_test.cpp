// The client against a real Apache Cassandra (scripts/cassandra start; the ctest fixture
// cassandra_start does it): DDL with schema agreement, prepared statements with every type we
// use, concurrent unlogged batches, paging through more than 10,000 rows, tokens checked against
// SELECT token(...), re-preparing after the table is dropped and recreated, server errors, and
// clean failures against dead or silent endpoints.
#include <gtest/gtest.h>

#include <cstdlib>

#include "cql/murmur3_token.h"
#include "cql/protocol/value_codec.h"
#include "cql/session.h"
#include "fake_server.h"

namespace clicklog::cql {
namespace {

using namespace std::chrono_literals;

constexpr const char* kKeyspace = "clicklog_cql_it";

uint16_t cassandra_port() {
  const char* p = std::getenv("CLICKLOG_CASSANDRA_PORT");
  return p ? static_cast<uint16_t>(std::atoi(p)) : 9042;
}

std::string base_uri() {
  return "cassandra://127.0.0.1:" + std::to_string(cassandra_port());
}

// A session on the test keyspace (created if needed), failing the test if the server is not up.
std::unique_ptr<Session> open_session() {
  auto admin = Session::connect(base_uri());
  EXPECT_TRUE(admin.ok()) << admin.error().message;
  if (!admin.ok()) return nullptr;
  auto created = (*admin)->query(
      "CREATE KEYSPACE IF NOT EXISTS clicklog_cql_it WITH replication = "
      "{'class': 'SimpleStrategy', 'replication_factor': 1}");
  EXPECT_TRUE(created.ok()) << created.error().message;
  auto s = Session::connect(base_uri() + "/" + kKeyspace);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

TEST(CassandraIntegration, ConnectsAndLearnsTheRing) {
  auto s = open_session();
  ASSERT_TRUE(s);
  auto rs = s->query("SELECT release_version, tokens FROM system.local WHERE key = 'local'");
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  ASSERT_EQ(rs->size(), 1u);
  auto version = rs->row(0).get<std::string>("release_version");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->substr(0, 2), "5.");
  auto tokens = rs->row(0).get<std::vector<std::string>>("tokens");
  ASSERT_TRUE(tokens.ok());
  EXPECT_FALSE(tokens->empty());
}

TEST(CassandraIntegration, PreparedRoundTripOfEveryType) {
  auto s = open_session();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->query("CREATE TABLE IF NOT EXISTS types (k text PRIMARY KEY, b bigint, i int, "
                       "ts timestamp, d date, bl blob, flag boolean, u uuid, tu timeuuid, "
                       "names set<text>)")
                  .ok());
  auto insert = s->prepare(
      "INSERT INTO types (k, b, i, ts, d, bl, flag, u, tu, names) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok()) << insert.error().message;
  Uuid u = *Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  Uuid tu = *Uuid::parse("e0b4a1a0-5c1f-11ef-8000-000000000001");
  auto done = s->execute(*insert,
                         {std::string("row-1"), int64_t{-9000000000}, int32_t{-7},
                          Timestamp{1764284503123}, Date{20419}, Blob{std::string("\0\xff", 2)},
                          true, u, tu, std::vector<std::string>{"a", "b"}},
                         {.idempotent = true});
  ASSERT_TRUE(done.ok()) << done.error().message;
  auto select = s->prepare("SELECT * FROM types WHERE k = ?");
  ASSERT_TRUE(select.ok());
  auto rs = s->execute(*select, {std::string("row-1")});
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  ASSERT_EQ(rs->size(), 1u);
  auto row = rs->row(0);
  EXPECT_EQ(*row.get<int64_t>("b"), -9000000000);
  EXPECT_EQ(*row.get<int32_t>("i"), -7);
  EXPECT_EQ(row.get<Timestamp>("ts")->ms_since_epoch, 1764284503123);
  EXPECT_EQ(row.get<Date>("d")->days_since_epoch, 20419);
  EXPECT_EQ(row.get<Blob>("bl")->bytes, std::string("\0\xff", 2));
  EXPECT_EQ(*row.get<bool>("flag"), true);
  EXPECT_EQ(*row.get<Uuid>("u"), u);
  EXPECT_EQ(*row.get<Uuid>("tu"), tu);
  EXPECT_EQ(*row.get<std::vector<std::string>>("names"), (std::vector<std::string>{"a", "b"}));
  // A bind of the wrong type is caught before anything is sent.
  auto wrong = s->execute(*insert, {std::string("x"), std::string("not a bigint"), int32_t{1},
                                    Null{}, Null{}, Null{}, Null{}, Null{}, Null{}, Null{}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("bigint"), std::string::npos) << wrong.error().message;
}

TEST(CassandraIntegration, ConcurrentBatchesThenPagingThroughTenThousandRows) {
  auto s = open_session();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->query("DROP TABLE IF EXISTS paged").ok());
  ASSERT_TRUE(s->query("CREATE TABLE paged (user_id bigint, seq int, hotel text, "
                       "PRIMARY KEY (user_id, seq))")
                  .ok());
  auto insert = s->prepare("INSERT INTO paged (user_id, seq, hotel) VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.ok()) << insert.error().message;
  constexpr int kRows = 10500;
  constexpr int kPerBatch = 100;
  std::vector<ResponseFuture> inflight;
  for (int start = 0; start < kRows; start += kPerBatch) {
    Batch batch;
    for (int seq = start; seq < start + kPerBatch; ++seq) {
      batch.add(*insert, {int64_t{42}, int32_t{seq}, "h-" + std::to_string(seq % 97)});
    }
    inflight.push_back(s->batch_async(batch, {.idempotent = true}));
  }
  // Another partition, so paging must stay within one.
  for (int seq = 0; seq < 300; ++seq) {
    inflight.push_back(s->execute_async(*insert, {int64_t{7}, int32_t{seq}, std::string("other")}));
  }
  for (auto& f : inflight) {
    auto r = f.get();
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  auto select = s->prepare("SELECT seq, hotel FROM paged WHERE user_id = ?");
  ASSERT_TRUE(select.ok());
  auto pager = s->pages(*select, {int64_t{42}}, {.page_size = 700});
  int expected_seq = 0;
  while (!pager.done()) {
    auto page = pager.next();
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_LE(page->size(), 700u);
    for (size_t i = 0; i < page->size(); ++i) {
      auto seq = page->row(i).get<int32_t>("seq");
      ASSERT_TRUE(seq.ok());
      ASSERT_EQ(*seq, expected_seq);
      EXPECT_EQ(*page->row(i).get<std::string>("hotel"), "h-" + std::to_string(expected_seq % 97));
      ++expected_seq;
    }
  }
  EXPECT_EQ(expected_seq, kRows);
  EXPECT_GE(pager.pages_fetched(), static_cast<size_t>(kRows / 700));

  auto all = s->execute_all(*select, {int64_t{7}}, {.page_size = 64});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->size(), 300u);
  EXPECT_EQ(*all->row(299).get<int32_t>("seq"), 299);
}

// The Murmur3 token of the bound partition key must be the one the server computes.
TEST(CassandraIntegration, TokensMatchTheServer) {
  auto s = open_session();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->query("CREATE TABLE IF NOT EXISTS by_text (k text PRIMARY KEY, v int)").ok());
  ASSERT_TRUE(s->query("CREATE TABLE IF NOT EXISTS by_pair (user_id bigint, day date, v int, "
                       "PRIMARY KEY ((user_id, day)))")
                  .ok());
  auto text_insert = s->prepare("INSERT INTO by_text (k, v) VALUES (?, 1)");
  auto text_token = s->prepare("SELECT token(k) AS t FROM by_text WHERE k = ?");
  auto pair_insert = s->prepare("INSERT INTO by_pair (user_id, day, v) VALUES (?, ?, 1)");
  auto pair_token =
      s->prepare("SELECT token(user_id, day) AS t FROM by_pair WHERE user_id = ? AND day = ?");
  ASSERT_TRUE(text_insert.ok() && text_token.ok() && pair_insert.ok() && pair_token.ok());

  auto text_type = protocol::DataType::of(protocol::TypeId::kVarchar);
  // Lengths across the 16-byte block boundary, tails with bytes >= 0x80 (UTF-8).
  std::vector<std::string> keys = {"a",
                                   "paris",
                                   "hotel-17",
                                   "héllo wörld",
                                   "日本語のキー",
                                   "exactly16bytes!!",
                                   "seventeen bytes!!",
                                   "ümlaut-ümlaut-ü",
                                   std::string(31, 'x') + "é"};
  for (const auto& k : keys) {
    ASSERT_TRUE(s->execute(*text_insert, {k}).ok());
    auto rs = s->execute(*text_token, {k});
    ASSERT_TRUE(rs.ok()) << rs.error().message;
    ASSERT_EQ(rs->size(), 1u);
    EXPECT_EQ(*rs->row(0).get<int64_t>("t"), murmur3_token(k)) << k;
    // Routing agrees: with one node the owner is that node.
    auto owner = s->route(*text_insert, {k});
    ASSERT_TRUE(owner.has_value());
    EXPECT_EQ(owner->port, cassandra_port());
  }
  for (int64_t user : {int64_t{0}, int64_t{42}, int64_t{-1}, int64_t{1} << 40}) {
    for (int32_t day : {0, 20419, -1}) {
      ASSERT_TRUE(s->execute(*pair_insert, {user, Date{day}}).ok());
      auto rs = s->execute(*pair_token, {user, Date{day}});
      ASSERT_TRUE(rs.ok()) << rs.error().message;
      auto u = protocol::encode_value(protocol::DataType::of(protocol::TypeId::kBigint), user);
      auto d = protocol::encode_value(protocol::DataType::of(protocol::TypeId::kDate), Date{day});
      EXPECT_EQ(*rs->row(0).get<int64_t>("t"), murmur3_token(routing_key({u->bytes, d->bytes})))
          << user << "/" << day;
    }
  }
}

TEST(CassandraIntegration, ReprepareAfterTableRecreated) {
  auto s = open_session();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->query("DROP TABLE IF EXISTS recreated").ok());
  ASSERT_TRUE(s->query("CREATE TABLE recreated (k bigint PRIMARY KEY, v text)").ok());
  auto insert = s->prepare("INSERT INTO recreated (k, v) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(s->execute(*insert, {int64_t{1}, std::string("before")}).ok());
  // Dropping the table evicts its prepared statements on the server.
  ASSERT_TRUE(s->query("DROP TABLE recreated").ok());
  ASSERT_TRUE(s->query("CREATE TABLE recreated (k bigint PRIMARY KEY, v text)").ok());
  auto before = s->stats().reprepares;
  auto again = s->execute(*insert, {int64_t{2}, std::string("after")});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(s->stats().reprepares, before + 1);
  auto batch = s->batch(Batch().add(*insert, {int64_t{3}, std::string("batched")}));
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  auto count = s->query("SELECT count(*) AS n FROM recreated");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count->row(0).get<int64_t>("n"), 2);
}

TEST(CassandraIntegration, ServerErrorsCarryContext) {
  auto s = open_session();
  ASSERT_TRUE(s);
  auto syntax = s->query("SELEC nonsense");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().message.find("Syntax_error"), std::string::npos)
      << syntax.error().message;
  EXPECT_NE(syntax.error().message.find("SELEC nonsense"), std::string::npos);
  auto invalid = s->query("SELECT * FROM no_such_table");
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.error().message.find("Invalid"), std::string::npos) << invalid.error().message;
  ASSERT_TRUE(s->query("CREATE TABLE IF NOT EXISTS dup (k int PRIMARY KEY)").ok());
  auto exists = s->query("CREATE TABLE dup (k int PRIMARY KEY)");
  ASSERT_FALSE(exists.ok());
  EXPECT_NE(exists.error().message.find("Already_exists"), std::string::npos);
  auto bad_prepare = s->prepare("INSERT INTO no_such_table (k) VALUES (?)");
  EXPECT_FALSE(bad_prepare.ok());
  auto no_keyspace = Session::connect(base_uri() + "/no_such_keyspace_here");
  ASSERT_FALSE(no_keyspace.ok());
  EXPECT_NE(no_keyspace.error().message.find("no_such_keyspace_here"), std::string::npos);
}

TEST(CassandraIntegration, FailsOverFromADeadContactPoint) {
  SessionConfig config;
  config.contact_points = {Endpoint{"127.0.0.1", testing::unused_port()},
                           Endpoint{"127.0.0.1", cassandra_port()}};
  auto s = Session::connect(config);
  ASSERT_TRUE(s.ok()) << s.error().message;
  for (int i = 0; i < 5; ++i) {
    auto rs = (*s)->query("SELECT key FROM system.local", {}, {.idempotent = true});
    EXPECT_TRUE(rs.ok()) << rs.error().message;
  }
}

TEST(CassandraIntegration, DeadAndSilentEndpointsFailCleanly) {
  auto refused =
      Session::connect("cassandra://127.0.0.1:" + std::to_string(testing::unused_port()));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("refused"), std::string::npos) << refused.error().message;

  testing::SilentListener silent;
  SessionConfig config;
  config.contact_points = {Endpoint{"127.0.0.1", silent.port()}};
  config.connect_timeout = 500ms;
  auto start = std::chrono::steady_clock::now();
  auto s = Session::connect(config);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("timed out"), std::string::npos) << s.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

}  // namespace
}  // namespace clicklog::cql
