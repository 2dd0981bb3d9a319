// Token ring ownership, replica walks and request routing on synthetic rings.
#include <gtest/gtest.h>

#include <random>

#include "cql/host_pool.h"
#include "cql/murmur3_token.h"
#include "cql/prepared_statement.h"
#include "cql/protocol/value_codec.h"
#include "cql/request.h"
#include "cql/token_ring.h"

namespace clicklog::cql {
namespace {

Endpoint node(int i) {
  return Endpoint{"127.0.0." + std::to_string(i), 9042};
}

TEST(TokenRing, OwnerIsFirstTokenAtOrAfterWrapping) {
  TokenRing ring({{100, node(2)}, {-50, node(1)}, {500, node(3)}});
  EXPECT_EQ(*ring.owner(-1000), node(1));
  EXPECT_EQ(*ring.owner(-50), node(1));  // a node owns its own token
  EXPECT_EQ(*ring.owner(-49), node(2));
  EXPECT_EQ(*ring.owner(100), node(2));
  EXPECT_EQ(*ring.owner(499), node(3));
  EXPECT_EQ(*ring.owner(501), node(1));  // past the largest: wraps to the smallest
  EXPECT_EQ(*ring.owner(INT64_MAX), node(1));
  EXPECT_EQ(TokenRing().owner(0), nullptr);
}

TEST(TokenRing, WalkListsDistinctNodesInRingOrder) {
  // vnodes: each node holds several tokens.
  TokenRing ring({{10, node(1)}, {20, node(2)}, {30, node(1)}, {40, node(3)}, {50, node(2)}});
  EXPECT_EQ(ring.walk(15), (std::vector<Endpoint>{node(2), node(1), node(3)}));
  EXPECT_EQ(ring.walk(45), (std::vector<Endpoint>{node(2), node(1), node(3)}));
  EXPECT_EQ(ring.walk(35), (std::vector<Endpoint>{node(3), node(2), node(1)}));
  EXPECT_EQ(ring.walk(60), (std::vector<Endpoint>{node(1), node(2), node(3)}));
}

TEST(TokenRing, MatchesANaiveScanOnARandomRing) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<int64_t, Endpoint>> tokens;
  for (int n = 1; n <= 5; ++n) {
    for (int v = 0; v < 16; ++v) tokens.emplace_back(static_cast<int64_t>(rng()), node(n));
  }
  TokenRing ring(tokens);
  for (int i = 0; i < 2000; ++i) {
    auto t = static_cast<int64_t>(rng());
    // Naive: smallest token >= t, else the smallest token overall.
    const std::pair<int64_t, Endpoint>* best = nullptr;
    const std::pair<int64_t, Endpoint>* smallest = &tokens[0];
    for (const auto& e : tokens) {
      if (e.first < smallest->first) smallest = &e;
      if (e.first >= t && (!best || e.first < best->first)) best = &e;
    }
    EXPECT_EQ(*ring.owner(t), (best ? best : smallest)->second);
  }
}

TEST(TokenRing, ParsesTokens) {
  EXPECT_EQ(*parse_token("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(*parse_token("42"), 42);
  EXPECT_FALSE(parse_token("42x").ok());
  EXPECT_FALSE(parse_token("").ok());
}

protocol::PreparedResult clicks_insert() {
  // INSERT INTO clicks (hotel, user_id, day) VALUES (?, ?, ?), key ((user_id, day)).
  protocol::PreparedResult p;
  p.id = "id-1";
  p.bind_columns = {{"ks", "clicks", "hotel", protocol::DataType::of(protocol::TypeId::kVarchar)},
                    {"ks", "clicks", "user_id", protocol::DataType::of(protocol::TypeId::kBigint)},
                    {"ks", "clicks", "day", protocol::DataType::of(protocol::TypeId::kDate)}};
  p.pk_indexes = {1, 2};
  return p;
}

TEST(Routing, CompositeKeyTokenFromBoundValues) {
  auto statement = std::make_shared<PreparedStatement>("INSERT ...", clicks_insert());
  Request r;
  r.kind = Request::Kind::kExecute;
  r.prepared = statement;
  r.values = {std::string("h-17"), int64_t{42}, Date{20000}};
  ASSERT_TRUE(compute_routing(r).ok());
  ASSERT_TRUE(r.token.has_value());
  auto user =
      protocol::encode_value(protocol::DataType::of(protocol::TypeId::kBigint), int64_t{42});
  auto day = protocol::encode_value(protocol::DataType::of(protocol::TypeId::kDate), Date{20000});
  EXPECT_EQ(*r.token, murmur3_token(routing_key({user->bytes, day->bytes})));
}

TEST(Routing, SingleKeyAndMissingKey) {
  protocol::PreparedResult p = clicks_insert();
  p.pk_indexes = {1};
  auto statement = std::make_shared<PreparedStatement>("SELECT ...", p);
  auto snap = statement->snapshot();
  auto bound = PreparedStatement::bind(*snap, {std::string("h"), int64_t{7}, Date{1}});
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(PreparedStatement::routing_key(*snap, *bound), bound->at(1).bytes);
  // A null key component cannot be routed.
  auto with_null = PreparedStatement::bind(*snap, {std::string("h"), Null{}, Date{1}});
  ASSERT_TRUE(with_null.ok());
  EXPECT_FALSE(PreparedStatement::routing_key(*snap, *with_null).has_value());
  // Wrong types or counts are bind errors.
  Request r;
  r.kind = Request::Kind::kExecute;
  r.prepared = statement;
  r.values = {std::string("h"), std::string("not a number"), Date{1}};
  auto st = compute_routing(r);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("user_id"), std::string::npos);
  r.values = {std::string("h")};
  EXPECT_FALSE(compute_routing(r).ok());
}

TEST(Routing, PlanPutsReplicasFirstThenTheRest) {
  HostPool pool(ConnectionOptions{});
  pool.set_hosts({node(1), node(2), node(3), node(4)});
  TokenRing ring({{10, node(3)}, {20, node(1)}, {30, node(4)}, {40, node(2)}});
  for (int i = 0; i < 8; ++i) {
    auto plan = pool.plan(ring.walk(25));
    EXPECT_EQ(plan, (std::vector<Endpoint>{node(4), node(2), node(3), node(1)}));
  }
  // Replicas unknown to the pool are skipped; without a preference the start rotates.
  EXPECT_EQ(pool.plan({node(9), node(2)}).front(), node(2));
  std::set<Endpoint> firsts;
  for (int i = 0; i < 8; ++i) firsts.insert(pool.plan({}).front());
  EXPECT_EQ(firsts.size(), 4u);
}

}  // namespace
}  // namespace clicklog::cql
