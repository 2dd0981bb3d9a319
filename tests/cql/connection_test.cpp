// Connection behaviour against in-process fake servers: handshake and authentication, many
// requests in flight answered out of order, timeouts that keep their stream id until the late
// answer, dead peers and garbage frames.
#include "cql/connection.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <set>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/requests.h"
#include "fake_server.h"

namespace clicklog::cql {
namespace {

using namespace std::chrono_literals;
using protocol::Opcode;
using testing::FakeServer;
using testing::RequestFrame;

Endpoint local(uint16_t port) {
  return Endpoint{"127.0.0.1", port};
}

ConnectionOptions quick() {
  ConnectionOptions o;
  o.connect_timeout = 2000ms;
  return o;
}

std::string query(const std::string& cql) {
  return *protocol::encode_query(cql, protocol::QueryParameters{});
}

// The CQL text of a QUERY body.
std::string cql_of(const RequestFrame& f) {
  protocol::BytesReader r(f.body);
  return std::string(r.long_string("query"));
}

// Answers each QUERY with a Set_keyspace result naming the query text, so replies are
// recognisable; queries containing "hold" are kept until a "release" query arrives, then
// answered in reverse order.
struct EchoServer {
  std::mutex mu;
  std::vector<RequestFrame> held;
  std::set<int16_t> streams_seen;
  FakeServer server{[this](FakeServer::Peer& peer, const RequestFrame& f) {
    std::string cql = cql_of(f);
    std::vector<RequestFrame> to_answer;
    {
      std::lock_guard lock(mu);
      streams_seen.insert(f.stream);
      if (cql.find("hold") != std::string::npos) {
        held.push_back(f);
        return;
      }
      if (cql == "release") {
        to_answer.assign(held.rbegin(), held.rend());
        held.clear();
      }
    }
    to_answer.push_back(f);
    for (const auto& r : to_answer) {
      protocol::BytesWriter w;
      w.i32(3);
      w.string(cql_of(r));
      peer.reply(r.stream, Opcode::kResult, w.take());
    }
  }};
};

std::string keyspace_of(Result<protocol::Response>& r) {
  if (!r.ok()) return "error: " + r.error().message;
  auto& result = std::get<protocol::ResultMessage>(r->body);
  return std::get<protocol::SetKeyspaceResult>(result).keyspace;
}

TEST(Connection, HandshakeAndSimpleRequest) {
  EchoServer echo;
  auto conn = Connection::open(local(echo.server.port()), quick());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto reply = (*conn)->request(Opcode::kQuery, query("hello"), Clock::now() + 2s);
  EXPECT_EQ(keyspace_of(reply), "hello");
}

TEST(Connection, ManyInFlightAnsweredOutOfOrder) {
  EchoServer echo;
  auto conn = Connection::open(local(echo.server.port()), quick());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  std::vector<PendingResponse> pending;
  for (int i = 0; i < 50; ++i) {
    pending.push_back(
        (*conn)->send(Opcode::kQuery, query("hold " + std::to_string(i)), Clock::now() + 5s));
  }
  auto release = (*conn)->send(Opcode::kQuery, query("release"), Clock::now() + 5s);
  for (int i = 0; i < 50; ++i) {
    auto r = pending[static_cast<size_t>(i)].wait();
    EXPECT_EQ(keyspace_of(r), "hold " + std::to_string(i));
  }
  auto r = release.wait();
  EXPECT_EQ(keyspace_of(r), "release");
  EXPECT_EQ((*conn)->in_flight(), 0);
  EXPECT_EQ(echo.streams_seen.size(), 51u);
}

TEST(Connection, TimedOutStreamIsNotReusedUntilItsAnswerArrives) {
  EchoServer echo;
  ConnectionOptions o = quick();
  o.max_streams = 4;
  auto conn = Connection::open(local(echo.server.port()), o);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto late = (*conn)->send(Opcode::kQuery, query("hold late"), Clock::now() + 100ms);
  auto timed_out = late.wait();
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(late.failure(), Failure::kTimedOut);
  EXPECT_NE(timed_out.error().message.find("timed out"), std::string::npos);
  EXPECT_EQ((*conn)->orphaned(), 1);
  int16_t orphan_stream;
  {
    std::lock_guard lock(echo.mu);
    orphan_stream = echo.held.at(0).stream;
    echo.streams_seen.clear();
  }
  // Three streams remain: many sequential requests cycle through them, never the orphan.
  for (int i = 0; i < 12; ++i) {
    auto r = (*conn)->request(Opcode::kQuery, query("q" + std::to_string(i)), Clock::now() + 2s);
    EXPECT_EQ(keyspace_of(r), "q" + std::to_string(i));
  }
  {
    std::lock_guard lock(echo.mu);
    EXPECT_EQ(echo.streams_seen.count(orphan_stream), 0u);
    EXPECT_EQ(echo.streams_seen.size(), 3u);
  }
  // The late answer frees the orphan; the connection stays healthy.
  auto release = (*conn)->request(Opcode::kQuery, query("release"), Clock::now() + 2s);
  EXPECT_EQ(keyspace_of(release), "release");
  EXPECT_EQ((*conn)->orphaned(), 0);
  EXPECT_FALSE((*conn)->defunct());
  for (int i = 0; i < 8; ++i) {
    auto r = (*conn)->request(Opcode::kQuery, query("again"), Clock::now() + 2s);
    EXPECT_TRUE(r.ok());
  }
  std::lock_guard lock(echo.mu);
  EXPECT_EQ(echo.streams_seen.count(orphan_stream), 1u);
}

TEST(Connection, AllStreamsBusyWaitsThenFails) {
  EchoServer echo;
  ConnectionOptions o = quick();
  o.max_streams = 2;
  auto conn = Connection::open(local(echo.server.port()), o);
  ASSERT_TRUE(conn.ok());
  auto a = (*conn)->send(Opcode::kQuery, query("hold a"), Clock::now() + 5s);
  auto b = (*conn)->send(Opcode::kQuery, query("hold b"), Clock::now() + 5s);
  auto c = (*conn)->send(Opcode::kQuery, query("c"), Clock::now() + 100ms);
  auto rc = c.wait();
  ASSERT_FALSE(rc.ok());
  EXPECT_EQ(c.failure(), Failure::kNotSent);
  EXPECT_NE(rc.error().message.find("stream ids busy"), std::string::npos);
  (*conn)->close();
  EXPECT_EQ(a.wait().ok(), false);
  EXPECT_EQ(a.failure(), Failure::kConnectionLost);
  EXPECT_FALSE(b.wait().ok());
}

TEST(Connection, TooManyOrphansMakeItDefunct) {
  EchoServer echo;
  ConnectionOptions o = quick();
  o.max_orphans = 2;
  auto conn = Connection::open(local(echo.server.port()), o);
  ASSERT_TRUE(conn.ok());
  for (int i = 0; i < 3; ++i) {
    auto p = (*conn)->send(Opcode::kQuery, query("hold"), Clock::now() + 20ms);
    EXPECT_FALSE(p.wait().ok());
  }
  EXPECT_TRUE((*conn)->defunct());
  auto after = (*conn)->send(Opcode::kQuery, query("x"), Clock::now() + 1s);
  EXPECT_FALSE(after.wait().ok());
  EXPECT_EQ(after.failure(), Failure::kNotSent);
}

TEST(Connection, PasswordAuthentication) {
  std::string seen_token;
  FakeServer server(
      [&](FakeServer::Peer& peer, const RequestFrame& f) {
        if (f.opcode == Opcode::kStartup) {
          protocol::BytesWriter w;
          w.string("org.apache.cassandra.auth.PasswordAuthenticator");
          peer.reply(f.stream, Opcode::kAuthenticate, w.take());
        } else if (f.opcode == Opcode::kAuthResponse) {
          protocol::BytesReader r(f.body);
          seen_token = std::string(*r.bytes("token"));
          if (seen_token == std::string("\0alice\0secret", 13)) {
            protocol::BytesWriter w;
            w.bytes(std::nullopt);
            peer.reply(f.stream, Opcode::kAuthSuccess, w.take());
          } else {
            peer.reply(f.stream, Opcode::kError,
                       testing::error_body(protocol::ErrorCode::kBadCredentials, "bad password"));
          }
        }
      },
      /*answer_handshake=*/false);
  auto none = Connection::open(local(server.port()), quick());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("requires authentication"), std::string::npos);

  ConnectionOptions good = quick();
  good.credentials = Credentials{"alice", "secret"};
  auto ok = Connection::open(local(server.port()), good);
  EXPECT_TRUE(ok.ok()) << ok.error().message;

  ConnectionOptions bad = quick();
  bad.credentials = Credentials{"alice", "wrong"};
  auto refused = Connection::open(local(server.port()), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("bad password"), std::string::npos);
}

TEST(Connection, NothingListening) {
  auto conn = Connection::open(local(testing::unused_port()), quick());
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("refused"), std::string::npos) << conn.error().message;
}

TEST(Connection, SilentPeerTimesOutTheHandshake) {
  testing::SilentListener silent;
  ConnectionOptions o;
  o.connect_timeout = 300ms;
  auto start = Clock::now();
  auto conn = Connection::open(local(silent.port()), o);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("STARTUP"), std::string::npos) << conn.error().message;
  EXPECT_LT(Clock::now() - start, 5s);  // bounded by the timeout, not hung
}

TEST(Connection, GarbageFrameFailsPendingRequests) {
  FakeServer server([](FakeServer::Peer& peer, const RequestFrame&) {
    peer.send(std::string("\x42\x00\x00\x01\x08\x00\x00\x00\x00", 9));  // bad version byte
  });
  auto conn = Connection::open(local(server.port()), quick());
  ASSERT_TRUE(conn.ok());
  auto p = (*conn)->send(Opcode::kQuery, query("x"), Clock::now() + 2s);
  auto r = p.wait();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(p.failure(), Failure::kConnectionLost);
  EXPECT_NE(r.error().message.find("version"), std::string::npos) << r.error().message;
  EXPECT_TRUE((*conn)->defunct());
}

TEST(Connection, PeerClosingFailsPendingRequests) {
  FakeServer server([](FakeServer::Peer& peer, const RequestFrame&) { peer.close(); });
  auto conn = Connection::open(local(server.port()), quick());
  ASSERT_TRUE(conn.ok());
  auto p = (*conn)->send(Opcode::kQuery, query("x"), Clock::now() + 2s);
  EXPECT_FALSE(p.wait().ok());
  EXPECT_EQ(p.failure(), Failure::kConnectionLost);
}

}  // namespace
}  // namespace clicklog::cql
