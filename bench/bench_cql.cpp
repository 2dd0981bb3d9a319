// CQL frame codec costs: encoding an EXECUTE and a 100-statement unlogged batch, decoding a
// 500-row Rows result, and Murmur3 tokens of typical partition keys.
#include <benchmark/benchmark.h>

#include "cql/murmur3_token.h"
#include "cql/protocol/bytes_writer.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/response.h"
#include "cql/protocol/value_codec.h"

namespace clicklog::cql::protocol {
namespace {

std::vector<EncodedValue> click_values(int64_t user, int32_t day, const std::string& hotel) {
  return {*encode_value(DataType::of(TypeId::kBigint), user),
          *encode_value(DataType::of(TypeId::kDate), Date{day}),
          *encode_value(DataType::of(TypeId::kVarchar), hotel)};
}

void BM_EncodeExecute(benchmark::State& state) {
  QueryParameters p;
  p.values = click_values(42, 20419, "hotel-1234");
  for (auto _ : state) {
    auto body = encode_execute("0123456789abcdef", p);
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_EncodeExecute);

void BM_EncodeBatch100(benchmark::State& state) {
  std::vector<BatchEntry> entries;
  for (int i = 0; i < 100; ++i) {
    entries.push_back(
        {true, "0123456789abcdef", click_values(i, 20419, "hotel-" + std::to_string(i))});
  }
  for (auto _ : state) {
    auto body = encode_batch(entries, BatchParameters{});
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_EncodeBatch100);

std::string rows_body(int rows) {
  BytesWriter w;
  w.i32(2);
  w.i32(0x0001);
  w.i32(3);
  w.string("clicklog");
  w.string("clicks");
  for (auto [name, type] : {std::pair{"user_id", TypeId::kBigint},
                            {"day", TypeId::kDate},
                            {"hotel", TypeId::kVarchar}}) {
    w.string(name);
    w.u16(static_cast<uint16_t>(type));
  }
  w.i32(rows);
  for (int i = 0; i < rows; ++i) {
    for (const auto& v : click_values(i, 20419, "hotel-" + std::to_string(i))) w.bytes(v.bytes);
  }
  return w.take();
}

void BM_DecodeRows500(benchmark::State& state) {
  std::string body = rows_body(500);
  FrameHeader h{0x84, 0, 1, Opcode::kResult, static_cast<int32_t>(body.size())};
  for (auto _ : state) {
    auto r = decode_response(h, body);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 500);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_DecodeRows500);

void BM_Murmur3TokenCompositeKey(benchmark::State& state) {
  auto v = click_values(123456789, 20419, "");
  std::string key = routing_key({v[0].bytes, v[1].bytes});
  for (auto _ : state) benchmark::DoNotOptimize(murmur3_token(key));
}
BENCHMARK(BM_Murmur3TokenCompositeKey);

}  // namespace
}  // namespace clicklog::cql::protocol
BENCHMARK_MAIN();
