// Session behaviour against fake nodes: which failures are retried on the next node (only
// idempotent statements after a timeout; any statement after Overloaded), and re-preparing
// after UNPREPARED. The fake nodes refuse the system-table queries, so the session falls back
// to its contact points, as it does when topology cannot be read.
#include "cql/session.h"

#include <gtest/gtest.h>

#include <atomic>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/bytes_writer.h"
#include "fake_server.h"

namespace clicklog::cql {
namespace {

using namespace std::chrono_literals;
using protocol::ErrorCode;
using protocol::Opcode;
using testing::FakeServer;
using testing::RequestFrame;

std::string cql_of(const RequestFrame& f) {
  protocol::BytesReader r(f.body);
  return std::string(r.long_string("query"));
}

// A node that answers system-table queries with Invalid and "write" queries as told.
struct Node {
  enum class Mode { kAnswer, kSilent, kOverloaded };
  explicit Node(Mode m) : mode(m) {}
  Mode mode;
  std::atomic<int> writes{0};
  FakeServer server{[this](FakeServer::Peer& peer, const RequestFrame& f) {
    std::string cql = cql_of(f);
    if (cql.find("system.") != std::string::npos) {
      peer.reply(f.stream, Opcode::kError,
                 testing::error_body(ErrorCode::kInvalid, "no system tables here"));
      return;
    }
    ++writes;
    if (mode == Mode::kSilent) return;
    if (mode == Mode::kOverloaded) {
      peer.reply(f.stream, Opcode::kError, testing::error_body(ErrorCode::kOverloaded, "busy"));
      return;
    }
    peer.reply(f.stream, Opcode::kResult, testing::void_result());
  }};
};

SessionConfig config_for(std::initializer_list<const Node*> nodes) {
  SessionConfig c;
  for (const Node* n : nodes) c.contact_points.push_back(Endpoint{"127.0.0.1", n->server.port()});
  c.request_timeout = 300ms;
  c.connect_timeout = 1000ms;
  return c;
}

TEST(Session, NonIdempotentStatementsAreNotResentAfterATimeout) {
  Node silent(Node::Mode::kSilent);
  Node good(Node::Mode::kAnswer);
  auto s = Session::connect(config_for({&silent, &good}));
  ASSERT_TRUE(s.ok()) << s.error().message;
  int failed = 0;
  constexpr int kStatements = 6;
  for (int i = 0; i < kStatements; ++i) {
    auto r = (*s)->query("UPDATE write", {}, {.idempotent = false});
    if (!r.ok()) {
      ++failed;
      EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
      EXPECT_NE(r.error().message.find("UPDATE write"), std::string::npos);
    }
  }
  // Each statement was sent exactly once; the ones that met the silent node failed.
  EXPECT_EQ(silent.writes + good.writes, kStatements);
  EXPECT_EQ(failed, silent.writes.load());
  EXPECT_GT(failed, 0);
}

TEST(Session, IdempotentStatementsFailOverAfterATimeout) {
  Node silent(Node::Mode::kSilent);
  Node good(Node::Mode::kAnswer);
  SessionConfig c = config_for({&silent, &good});
  auto s = Session::connect(c);
  ASSERT_TRUE(s.ok()) << s.error().message;
  constexpr int kStatements = 4;
  for (int i = 0; i < kStatements; ++i) {
    auto r = (*s)->query("INSERT write", {}, {.idempotent = true, .timeout = 300ms});
    EXPECT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(good.writes, kStatements);
  EXPECT_GT(silent.writes, 0);
  EXPECT_EQ((*s)->stats().retries, static_cast<uint64_t>(silent.writes.load()));
}

TEST(Session, OverloadedIsRetriedElsewhereEvenWhenNotIdempotent) {
  Node busy(Node::Mode::kOverloaded);
  Node good(Node::Mode::kAnswer);
  auto s = Session::connect(config_for({&busy, &good}));
  ASSERT_TRUE(s.ok()) << s.error().message;
  for (int i = 0; i < 4; ++i) {
    auto r = (*s)->query("UPDATE write");
    EXPECT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(good.writes, 4);
}

TEST(Session, AllNodesDownIsAClearError) {
  SessionConfig c;
  c.contact_points = {Endpoint{"127.0.0.1", testing::unused_port()},
                      Endpoint{"127.0.0.1", testing::unused_port()}};
  auto s = Session::connect(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cannot connect"), std::string::npos) << s.error().message;
}

std::string prepared_body(const std::string& id) {
  protocol::BytesWriter w;
  w.i32(4);
  w.short_bytes(id);
  w.i32(0x0001);
  w.i32(1);  // one bind marker
  w.i32(1);
  w.u16(0);  // it is the partition key
  w.string("ks");
  w.string("t");
  w.string("k");
  w.u16(static_cast<uint16_t>(protocol::TypeId::kBigint));
  w.i32(0x0004);
  w.i32(0);
  return w.take();
}

TEST(Session, ReprepareOnUnprepared) {
  std::atomic<int> prepares{0}, executes{0};
  std::atomic<bool> forgotten{false};
  FakeServer server([&](FakeServer::Peer& peer, const RequestFrame& f) {
    if (f.opcode == Opcode::kQuery) {
      peer.reply(f.stream, Opcode::kError, testing::error_body(ErrorCode::kInvalid, "no"));
    } else if (f.opcode == Opcode::kPrepare) {
      ++prepares;
      forgotten = false;
      peer.reply(f.stream, Opcode::kResult, prepared_body("ID-1"));
    } else if (f.opcode == Opcode::kExecute) {
      ++executes;
      if (forgotten) {
        protocol::BytesWriter w;
        w.i32(static_cast<int32_t>(ErrorCode::kUnprepared));
        w.string("Prepared query with ID 49442d31 not found");
        w.short_bytes("ID-1");
        peer.reply(f.stream, Opcode::kError, w.take());
      } else {
        peer.reply(f.stream, Opcode::kResult, testing::void_result());
      }
    }
  });
  SessionConfig c;
  c.contact_points = {Endpoint{"127.0.0.1", server.port()}};
  auto s = Session::connect(c);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto p = (*s)->prepare("INSERT INTO t (k) VALUES (?)");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ((*s)->prepare("INSERT INTO t (k) VALUES (?)")->get(), p->get());  // cached
  EXPECT_EQ(prepares, 1);
  ASSERT_TRUE((*s)->execute(*p, {int64_t{1}}).ok());
  forgotten = true;  // as after a node restart
  auto r = (*s)->execute(*p, {int64_t{2}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(prepares, 2);
  EXPECT_EQ(executes, 3);
  EXPECT_EQ((*s)->stats().reprepares, 1u);
}

}  // namespace
}  // namespace clicklog::cql
