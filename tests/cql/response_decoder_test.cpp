// Every response decoder on valid bodies, then on every truncation of them and on lengths and
// counts that lie: each must come back as an error value, never a crash or an overread
// (run under the asan preset to check the latter).
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/response.h"

namespace clicklog::cql::protocol {
namespace {

Result<Response> decode(Opcode op, const std::string& body, uint8_t flags = 0) {
  FrameHeader h{0x84, flags, 1, op, static_cast<int32_t>(body.size())};
  return decode_response(h, body);
}

void write_spec_type(BytesWriter& w, TypeId id) {
  w.u16(static_cast<uint16_t>(id));
}

// SELECT user_id, hotel FROM ks.t: two rows, more pages to come.
std::string rows_body() {
  BytesWriter w;
  w.i32(2);                // Rows
  w.i32(0x0001 | 0x0002);  // global table spec, has more pages
  w.i32(2);                // columns
  w.bytes(std::string_view("PAGE"));
  w.string("ks");
  w.string("t");
  w.string("user_id");
  write_spec_type(w, TypeId::kBigint);
  w.string("hotels");
  w.u16(0x0022);  // set<text>
  write_spec_type(w, TypeId::kVarchar);
  w.i32(2);  // rows
  w.bytes(std::string_view("\0\0\0\0\0\0\0\x2a", 8));
  w.bytes(std::string_view("\0\0\0\1\0\0\0\1h", 9));
  w.bytes(std::string_view("\0\0\0\0\0\0\0\x07", 8));
  w.bytes(std::nullopt);
  return w.take();
}

std::string prepared_body() {
  BytesWriter w;
  w.i32(4);  // Prepared
  w.short_bytes("0123456789abcdef");
  w.i32(0);  // no global spec
  w.i32(2);  // bind markers
  w.i32(1);  // pk count
  w.u16(1);  // partition key is the second marker
  for (const char* name : {"hotel", "user_id"}) {
    w.string("ks");
    w.string("t");
    w.string(name);
    write_spec_type(w, name[0] == 'h' ? TypeId::kVarchar : TypeId::kBigint);
  }
  w.i32(0x0004);  // result metadata: no metadata
  w.i32(0);
  return w.take();
}

std::string error_body(int32_t code, const std::function<void(BytesWriter&)>& details) {
  BytesWriter w;
  w.i32(code);
  w.string("something failed");
  details(w);
  return w.take();
}

struct Case {
  const char* name;
  Opcode op;
  std::string body;
};

std::vector<Case> valid_cases() {
  std::vector<Case> cases;
  cases.push_back({"rows", Opcode::kResult, rows_body()});
  cases.push_back({"prepared", Opcode::kResult, prepared_body()});
  {
    BytesWriter w;
    w.i32(3);
    w.string("clicklog");
    cases.push_back({"set_keyspace", Opcode::kResult, w.take()});
  }
  {
    BytesWriter w;
    w.i32(5);
    w.string("CREATED");
    w.string("TABLE");
    w.string("ks");
    w.string("clicks");
    cases.push_back({"schema_change", Opcode::kResult, w.take()});
  }
  {
    BytesWriter w;
    w.u16(2);
    w.string("CQL_VERSION");
    w.string_list({"3.4.7"});
    w.string("PROTOCOL_VERSIONS");
    w.string_list({"3/v3", "4/v4", "5/v5"});
    cases.push_back({"supported", Opcode::kSupported, w.take()});
  }
  {
    BytesWriter w;
    w.string("org.apache.cassandra.auth.PasswordAuthenticator");
    cases.push_back({"authenticate", Opcode::kAuthenticate, w.take()});
  }
  {
    BytesWriter w;
    w.bytes(std::string_view("tok"));
    cases.push_back({"auth_challenge", Opcode::kAuthChallenge, w.take()});
  }
  {
    BytesWriter w;
    w.bytes(std::string_view("final"));
    cases.push_back({"auth_success", Opcode::kAuthSuccess, w.take()});
  }
  cases.push_back({"unavailable", Opcode::kError, error_body(0x1000, [](BytesWriter& w) {
                     w.u16(4);
                     w.i32(2);
                     w.i32(1);
                   })});
  cases.push_back({"write_timeout", Opcode::kError, error_body(0x1100, [](BytesWriter& w) {
                     w.u16(6);
                     w.i32(1);
                     w.i32(2);
                     w.string("UNLOGGED_BATCH");
                   })});
  cases.push_back({"read_timeout", Opcode::kError, error_body(0x1200, [](BytesWriter& w) {
                     w.u16(1);
                     w.i32(0);
                     w.i32(1);
                     w.u8(0);
                   })});
  cases.push_back({"read_failure", Opcode::kError, error_body(0x1300, [](BytesWriter& w) {
                     w.u16(1);
                     w.i32(0);
                     w.i32(1);
                     w.i32(1);
                     w.u8(1);
                   })});
  cases.push_back({"write_failure", Opcode::kError, error_body(0x1500, [](BytesWriter& w) {
                     w.u16(1);
                     w.i32(0);
                     w.i32(1);
                     w.i32(1);
                     w.string("SIMPLE");
                   })});
  cases.push_back({"function_failure", Opcode::kError, error_body(0x1400, [](BytesWriter& w) {
                     w.string("ks");
                     w.string("fn");
                     w.string_list({"int"});
                   })});
  cases.push_back({"already_exists", Opcode::kError, error_body(0x2400, [](BytesWriter& w) {
                     w.string("ks");
                     w.string("t");
                   })});
  cases.push_back({"unprepared", Opcode::kError,
                   error_body(0x2500, [](BytesWriter& w) { w.short_bytes("0123456789abcdef"); })});
  cases.push_back({"invalid", Opcode::kError, error_body(0x2200, [](BytesWriter&) {})});
  return cases;
}

TEST(ResponseDecoder, ValidBodiesDecode) {
  for (const auto& c : valid_cases()) {
    auto r = decode(c.op, c.body);
    EXPECT_TRUE(r.ok()) << c.name << ": " << r.error().message;
  }
}

TEST(ResponseDecoder, EveryTruncationIsAnError) {
  for (const auto& c : valid_cases()) {
    for (size_t n = 0; n < c.body.size(); ++n) {
      // A copy of exactly n bytes, so an overread leaves the allocation (visible to ASan).
      std::string prefix = c.body.substr(0, n);
      auto r = decode(c.op, prefix);
      EXPECT_FALSE(r.ok()) << c.name << " truncated to " << n << " bytes decoded";
    }
  }
}

// Random byte corruptions of valid frames: each decodes or fails with a message, and under
// the asan preset never reads out of bounds.
TEST(ResponseDecoder, RandomCorruptionsAreHandled) {
  std::mt19937 rng(12345);
  int failures = 0;
  int total = 0;
  for (const auto& c : valid_cases()) {
    for (int i = 0; i < 500; ++i) {
      std::string body = c.body;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips && !body.empty(); ++f) {
        body[rng() % body.size()] = static_cast<char>(rng());
      }
      auto r = decode(c.op, body);
      ++total;
      if (!r.ok()) {
        ++failures;
        EXPECT_FALSE(r.error().message.empty());
      } else if (auto* result = std::get_if<ResultMessage>(&r->body)) {
        // Whatever decoded must be readable in full.
        if (auto* rows = std::get_if<Rows>(result)) {
          for (int64_t row = 0; row < rows->row_count; ++row) {
            for (int32_t col = 0; col < rows->metadata.column_count; ++col) {
              auto cell = rows->cell(static_cast<size_t>(row), static_cast<size_t>(col));
              if (cell) {
                EXPECT_LE(cell->size(), rows->body.size());
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(failures, total / 10);
}

TEST(ResponseDecoder, RowsContent) {
  auto r = decode(Opcode::kResult, rows_body());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& rows = std::get<Rows>(std::get<ResultMessage>(r->body));
  EXPECT_EQ(rows.row_count, 2);
  ASSERT_EQ(rows.metadata.columns.size(), 2u);
  EXPECT_EQ(rows.metadata.columns[1].name, "hotels");
  EXPECT_EQ(type_name(rows.metadata.columns[1].type), "set<text>");
  EXPECT_EQ(rows.metadata.columns[0].keyspace, "ks");
  EXPECT_EQ(rows.metadata.paging_state, "PAGE");
  EXPECT_EQ(rows.cell(0, 0), std::string_view("\0\0\0\0\0\0\0\x2a", 8));
  EXPECT_EQ(rows.cell(1, 1), std::nullopt);
  Rows copy = rows;  // cells are offsets: a copy reads its own body
  EXPECT_EQ(copy.cell(1, 0), rows.cell(1, 0));
}

TEST(ResponseDecoder, PreparedContent) {
  auto r = decode(Opcode::kResult, prepared_body());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& p = std::get<PreparedResult>(std::get<ResultMessage>(r->body));
  EXPECT_EQ(p.id, "0123456789abcdef");
  ASSERT_EQ(p.bind_columns.size(), 2u);
  EXPECT_EQ(p.bind_columns[1].name, "user_id");
  EXPECT_EQ(p.bind_columns[1].type.id, TypeId::kBigint);
  EXPECT_EQ(p.pk_indexes, std::vector<uint16_t>{1});
  EXPECT_TRUE(p.result_metadata.no_metadata);
}

TEST(ResponseDecoder, ErrorDetails) {
  auto find = [](const char* name) {
    for (auto& c : valid_cases()) {
      if (std::string(c.name) == name) return c;
    }
    return Case{};
  };
  auto u = decode(Opcode::kError, find("unavailable").body);
  ASSERT_TRUE(u.ok());
  const auto& ue = std::get<ServerError>(u->body);
  EXPECT_TRUE(ue.is(ErrorCode::kUnavailable));
  EXPECT_EQ(ue.required, 2);
  EXPECT_EQ(ue.received, 1);
  EXPECT_NE(describe(ue).find("consistency QUORUM, required 2, alive 1"), std::string::npos);

  auto w = decode(Opcode::kError, find("write_timeout").body);
  ASSERT_TRUE(w.ok());
  const auto& we = std::get<ServerError>(w->body);
  EXPECT_EQ(we.write_type, "UNLOGGED_BATCH");
  EXPECT_EQ(we.consistency, 6);
  EXPECT_NE(describe(we).find("LOCAL_QUORUM"), std::string::npos);

  auto p = decode(Opcode::kError, find("unprepared").body);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(std::get<ServerError>(p->body).unprepared_id, "0123456789abcdef");

  auto a = decode(Opcode::kError, find("already_exists").body);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(std::get<ServerError>(a->body).table, "t");
}

TEST(ResponseDecoder, WarningsAndTracingPrefixes) {
  BytesWriter w;
  w.raw(std::string(16, '\x11'));
  w.string_list({"batch too large"});
  w.i32(1);  // Void
  auto r = decode(Opcode::kResult, w.take(), kFlagTracing | kFlagWarning);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->warnings, std::vector<std::string>{"batch too large"});
  EXPECT_EQ(r->tracing_id->size(), 16u);
  EXPECT_TRUE(std::holds_alternative<VoidResult>(std::get<ResultMessage>(r->body)));
}

TEST(ResponseDecoder, LyingLengthsAndCounts) {
  // Rows claiming 2^31-1 rows.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0x0004);
    w.i32(1);
    w.i32(0x7fffffff);
    w.i32(0);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Negative column count.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0);
    w.i32(-3);
    w.i32(0);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Negative row count.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0x0004);
    w.i32(1);
    w.i32(-1);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // A cell whose length points past the end.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0x0004);
    w.i32(1);
    w.i32(1);
    w.i32(1000);
    w.raw("abc");
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Column specs claiming more columns than bytes.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0);
    w.i32(1000000);
    w.string("ks");
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Partition-key index outside the bind markers.
  {
    BytesWriter w;
    w.i32(4);
    w.short_bytes("id");
    w.i32(0x0001);
    w.i32(1);
    w.i32(1);
    w.u16(5);
    w.string("ks");
    w.string("t");
    w.string("c");
    w.u16(0x0002);
    w.i32(0x0004);
    w.i32(0);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Types nested beyond the limit: list<list<list<...>>>.
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0x0001);
    w.i32(1);
    w.string("ks");
    w.string("t");
    w.string("c");
    for (int i = 0; i < 100; ++i) w.u16(0x0020);
    w.u16(0x0009);
    w.i32(0);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  // Unknown result kind, unknown type id, string list count beyond the body.
  {
    BytesWriter w;
    w.i32(99);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  {
    BytesWriter w;
    w.i32(2);
    w.i32(0x0001);
    w.i32(1);
    w.string("ks");
    w.string("t");
    w.string("c");
    w.u16(0x0099);
    w.i32(0);
    EXPECT_FALSE(decode(Opcode::kResult, w.take()).ok());
  }
  {
    BytesWriter w;
    w.u16(0xffff);
    w.i32(1);
    EXPECT_FALSE(decode(Opcode::kResult, w.take(), kFlagWarning).ok());
  }
  // A compressed frame was never negotiated.
  EXPECT_FALSE(decode(Opcode::kReady, "", kFlagCompression).ok());
  // A request opcode in a response.
  EXPECT_FALSE(decode(Opcode::kQuery, "").ok());
}

}  // namespace
}  // namespace clicklog::cql::protocol
