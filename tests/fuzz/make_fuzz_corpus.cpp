// Writes the seed corpora of the fuzz targets into DIR/<target>/ (tests/fuzz/corpus is the
// checked-in copy): valid ClickLog values in both framings made with the project's encoder,
// valid and near-valid event times, and one valid CQL frame of every response kind.
//   make_fuzz_corpus tests/fuzz/corpus
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "avro/codec.h"
#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/data_type.h"
#include "cql/protocol/frame.h"
#include "scaleout/partial_record.h"

namespace {

namespace fs = std::filesystem;
using clicklog::ClickLog;
using clicklog::avro::Framing;
using namespace clicklog::cql::protocol;

void write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

void avro_seeds(const fs::path& dir) {
  struct Seed {
    const char* name;
    ClickLog event;
  };
  const int64_t min = std::numeric_limits<int64_t>::min();
  const int64_t max = std::numeric_limits<int64_t>::max();
  const std::vector<Seed> seeds = {
      {"search", {42, "2026-11-27T23:01:43.123Z", "search", "paris", std::nullopt}},
      {"click", {7, "2026-11-27T23:01:43+01:00", "click", "rome", "h-17"}},
      {"space_time", {-1, "2026-11-27 23:01:43.5", "filter", "", ""}},
      {"all_null", {}},
      {"bad_time", {min, "yesterday", "search", "nice", "h-1"}},
      {"missing_time", {max, std::nullopt, "search", "paris", std::nullopt}},
      {"utf8",
       {300, "2026-02-28T23:59:60Z", "click",
        "K\xc3\xb8"
        "benhavn",
        "h-\xe2\x82\xac"}},
  };
  for (const auto& s : seeds) {
    for (Framing f : {Framing::kSingleObject, Framing::kRaw}) {
      std::string out;
      clicklog::avro::encode(s.event, f, out);
      write(dir, std::string(s.name) + (f == Framing::kRaw ? ".raw" : ".single"), out);
    }
  }
}

void time_seeds(const fs::path& dir) {
  const std::vector<std::string> times = {
      "2026-11-27T23:01:43.123Z",
      "2026-11-27T23:01:43+01:00",
      "2026-11-27t23:01:43.5z",
      "2026-11-27T21:31:43-01:30",
      "2026-11-27 23:01:43",
      "2026-11-27 23:01:43.042",
      "2026-11-27 23:01:43Z",
      "2016-12-31T23:59:60Z",
      "2024-02-29T00:00:00.123456789Z",
      "0000-01-01T00:00:00+23:59",
      "9999-12-31T23:59:59.999-23:59",
      "1969-12-31T23:59:59.999Z",
      "2026-11-27T23:01:43",
      "2026-11-27T23:01:43.Z",
      "2026-02-29T00:00:00Z",
      "2026-11-27T23:01:43+0100",
      "2026-11-27T24:00:00Z",
      "2026-11-27T23:01:43Z ",
  };
  for (size_t i = 0; i < times.size(); ++i) write(dir, "time_" + std::to_string(i), times[i]);
}

std::string frame(Opcode op, const std::string& body, uint8_t flags = 0) {
  std::string out;
  encode_header({kProtocolVersion | kResponseBit, flags, 3, op, static_cast<int32_t>(body.size())},
                out);
  return out + body;
}

std::string body(const std::function<void(BytesWriter&)>& fill) {
  BytesWriter w;
  fill(w);
  return w.take();
}

void type(BytesWriter& w, TypeId id) {
  w.u16(static_cast<uint16_t>(id));
}

std::string be(uint64_t v, int n) {
  std::string out;
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

// One column of every type the value codec decodes, and some it only names.
std::string rows_body() {
  struct Column {
    TypeId id;
    std::string cell;
  };
  const std::vector<Column> columns = {
      {TypeId::kBigint, be(42, 8)},
      {TypeId::kCounter, be(~0ull, 8)},
      {TypeId::kInt, be(0x80000000u, 4)},
      {TypeId::kSmallint, be(0xfffe, 2)},
      {TypeId::kTinyint, be(0x7f, 1)},
      {TypeId::kTimestamp, be(1795819700000, 8)},
      {TypeId::kDate, be(0x80000000u + 20000, 4)},
      {TypeId::kVarchar, "paris"},
      {TypeId::kAscii, "h-17"},
      {TypeId::kBlob, std::string("\0\xff", 2)},
      {TypeId::kBoolean, "\x01"},
      {TypeId::kDouble, be(0x400921fb54442d18, 8)},
      {TypeId::kFloat, be(0x3fc00000, 4)},
      {TypeId::kUuid, std::string(16, '\x5a')},
      {TypeId::kTimeuuid, std::string(16, '\x11')},
      {TypeId::kInet, std::string("\x7f\0\0\x01", 4)},
      {TypeId::kInet, std::string(15, '\0') + "\x01"},
      {TypeId::kVarint, "\x01"},
  };
  return body([&](BytesWriter& w) {
    w.i32(2);                // Rows
    w.i32(0x0001 | 0x0002);  // global table spec, more pages
    w.i32(static_cast<int32_t>(columns.size() + 2));
    w.bytes(std::string_view("PAGE"));
    w.string("ks");
    w.string("t");
    for (size_t i = 0; i < columns.size(); ++i) {
      w.string("c" + std::to_string(i));
      type(w, columns[i].id);
    }
    w.string("hotels");  // set<text>
    type(w, TypeId::kSet);
    type(w, TypeId::kVarchar);
    w.string("nested");  // map<text, tuple<int, frozen<ks.u>, 'org.Foo'>>
    type(w, TypeId::kMap);
    type(w, TypeId::kVarchar);
    type(w, TypeId::kTuple);
    w.u16(3);
    type(w, TypeId::kInt);
    type(w, TypeId::kUdt);
    w.string("ks");
    w.string("u");
    w.u16(1);
    w.string("f");
    type(w, TypeId::kList);
    type(w, TypeId::kBigint);
    type(w, TypeId::kCustom);
    w.string("org.Foo");
    w.i32(2);  // rows
    for (int row = 0; row < 2; ++row) {
      for (const auto& c : columns) w.bytes(std::string_view(c.cell));
      w.bytes(row == 0 ? std::optional<std::string_view>(std::string_view("\0\0\0\1\0\0\0\1h", 9))
                       : std::nullopt);
      w.bytes(std::string_view());
    }
  });
}

void cql_seeds(const fs::path& dir) {
  auto error = [](int32_t code, const std::function<void(BytesWriter&)>& details) {
    return frame(Opcode::kError, body([&](BytesWriter& w) {
                   w.i32(code);
                   w.string("something failed");
                   details(w);
                 }));
  };
  auto none = [](BytesWriter&) {};
  write(dir, "error_server", error(0x0000, none));
  write(dir, "error_unavailable", error(0x1000, [](BytesWriter& w) {
          w.u16(4);
          w.i32(2);
          w.i32(1);
        }));
  write(dir, "error_write_timeout", error(0x1100, [](BytesWriter& w) {
          w.u16(6);
          w.i32(1);
          w.i32(2);
          w.string("SIMPLE");
        }));
  write(dir, "error_read_timeout", error(0x1200, [](BytesWriter& w) {
          w.u16(1);
          w.i32(0);
          w.i32(1);
          w.u8(0);
        }));
  write(dir, "error_read_failure", error(0x1300, [](BytesWriter& w) {
          w.u16(5);
          w.i32(1);
          w.i32(3);
          w.i32(2);
          w.u8(1);
        }));
  write(dir, "error_function_failure", error(0x1400, [](BytesWriter& w) {
          w.string("ks");
          w.string("f");
          w.string_list({"int", "text"});
        }));
  write(dir, "error_write_failure", error(0x1500, [](BytesWriter& w) {
          w.u16(4);
          w.i32(1);
          w.i32(2);
          w.i32(1);
          w.string("BATCH");
        }));
  write(dir, "error_already_exists", error(0x2400, [](BytesWriter& w) {
          w.string("ks");
          w.string("t");
        }));
  write(dir, "error_unprepared", error(0x2500, [](BytesWriter& w) { w.short_bytes("0123"); }));

  write(dir, "ready", frame(Opcode::kReady, ""));
  write(dir, "authenticate", frame(Opcode::kAuthenticate, body([](BytesWriter& w) {
                                     w.string("org.apache.cassandra.auth.PasswordAuthenticator");
                                   })));
  write(dir, "supported", frame(Opcode::kSupported, body([](BytesWriter& w) {
                                  w.u16(2);
                                  w.string("CQL_VERSION");
                                  w.string_list({"3.4.7"});
                                  w.string("COMPRESSION");
                                  w.string_list({"snappy", "lz4"});
                                })));
  write(dir, "auth_challenge", frame(Opcode::kAuthChallenge, body([](BytesWriter& w) {
                                       w.bytes(std::string_view("nonce"));
                                     })));
  write(dir, "auth_success",
        frame(Opcode::kAuthSuccess, body([](BytesWriter& w) { w.bytes(std::nullopt); })));
  write(dir, "event", frame(Opcode::kEvent, body([](BytesWriter& w) {
                              w.string("SCHEMA_CHANGE");
                              w.string("CREATED");
                              w.string("KEYSPACE");
                              w.string("ks");
                            })));

  write(dir, "result_void", frame(Opcode::kResult, body([](BytesWriter& w) { w.i32(1); })));
  write(dir, "result_rows", frame(Opcode::kResult, rows_body()));
  write(dir, "result_rows_no_metadata", frame(Opcode::kResult, body([](BytesWriter& w) {
                                                w.i32(2);
                                                w.i32(0x0004);
                                                w.i32(1);
                                                w.i32(1);
                                                w.bytes(std::string_view("x"));
                                              })));
  write(dir, "result_set_keyspace", frame(Opcode::kResult, body([](BytesWriter& w) {
                                            w.i32(3);
                                            w.string("clicklog");
                                          })));
  write(dir, "result_prepared", frame(Opcode::kResult, body([](BytesWriter& w) {
                                        w.i32(4);
                                        w.short_bytes("0123456789abcdef");
                                        w.i32(0);  // per-column table specs
                                        w.i32(2);
                                        w.i32(1);
                                        w.u16(1);
                                        for (const char* name : {"hotel", "user_id"}) {
                                          w.string("ks");
                                          w.string("t");
                                          w.string(name);
                                          type(w,
                                               name[0] == 'h' ? TypeId::kVarchar : TypeId::kBigint);
                                        }
                                        w.i32(0x0001);  // result metadata: one column
                                        w.i32(1);
                                        w.string("ks");
                                        w.string("t");
                                        w.string("n");
                                        type(w, TypeId::kInt);
                                      })));
  auto schema_change = [](const char* target, bool name, bool args) {
    return frame(Opcode::kResult, body([&](BytesWriter& w) {
                   w.i32(5);
                   w.string("CREATED");
                   w.string(target);
                   w.string("ks");
                   if (name) w.string("obj");
                   if (args) w.string_list({"int", "text"});
                 }));
  };
  write(dir, "result_schema_keyspace", schema_change("KEYSPACE", false, false));
  write(dir, "result_schema_table", schema_change("TABLE", true, false));
  write(dir, "result_schema_function", schema_change("FUNCTION", true, true));

  // Tracing id, warnings and custom payload ahead of a RESULT.
  write(dir, "flags_all",
        frame(Opcode::kResult, body([](BytesWriter& w) {
                w.raw(std::string(16, '\x07'));
                w.string_list({"Aggregation query used without partition key"});
                w.u16(1);
                w.string("k");
                w.bytes(std::string_view("v"));
                w.i32(1);
              }),
              kFlagTracing | kFlagWarning | kFlagCustomPayload));
}

void partial_seeds(const fs::path& dir) {
  using clicklog::scaleout::PartialRecord;
  PartialRecord r;
  r.input_partition = 2;
  r.from_offset = 40;
  r.to_offset = 90;
  r.slide_ms = 10'000;
  r.max_event_ms = 1'795'819'700'000;
  r.slices = {{179'581'970, {{"Lisbon", 3}, {"Paris", 1}}}, {179'581'971, {{"Rome", 2}}}};
  write(dir, "two_slices", clicklog::scaleout::encode(r));
  PartialRecord progress;
  progress.input_partition = 1;
  progress.from_offset = progress.to_offset = 7;
  progress.slide_ms = 10'000;
  progress.idle = true;
  write(dir, "progress_only", clicklog::scaleout::encode(progress));
  r.end_reached = true;
  r.slices.resize(1);
  write(dir, "end_reached", clicklog::scaleout::encode(r));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  avro_seeds(root / "fuzz_avro_decode");
  time_seeds(root / "fuzz_event_time");
  cql_seeds(root / "fuzz_cql_frame");
  partial_seeds(root / "fuzz_partial_record");
  return 0;
}
