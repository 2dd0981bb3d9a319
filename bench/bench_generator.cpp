// Throughput of the traffic generator (`clicklog produce` needs >= 2 million events/s on one
// core), against a baseline of drawing as many random numbers as an event consumes (about 5).
#include <benchmark/benchmark.h>

#include <string>

#include "avro/codec.h"
#include "generator/generator.h"

namespace {

using clicklog::generator::Config;
using clicklog::generator::Generator;
using clicklog::generator::Rng;

constexpr int64_t kStart = 1'795'820'503'123;  // 2026-11-27T23:01:43.123Z

Config replay(int64_t users, int destinations) {
  Config config;
  config.start_ms = kStart;
  config.event_interval_ms = 3;
  config.users = users;
  config.destinations = destinations;
  return config;
}

void BM_Baseline_FiveRandomDraws(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(rng.below(200));
    benchmark::DoNotOptimize(rng.chance(0.005));
    benchmark::DoNotOptimize(rng.below(400));
    benchmark::DoNotOptimize(rng.below(1ULL << 40));
    benchmark::DoNotOptimize(rng.below(100));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_FiveRandomDraws);

// Args: users, destinations (the default world, then a large one that misses the caches).
void BM_Generator_Replay(benchmark::State& state) {
  Generator generator(replay(state.range(0), static_cast<int>(state.range(1))));
  for (auto _ : state) benchmark::DoNotOptimize(&generator.next(0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Generator_Replay)->Args({100'000, 500})->Args({10'000'000, 20'000});

// Live mode: the caller's clock, advancing 1 ms every 100 events.
void BM_Generator_Live(benchmark::State& state) {
  Generator generator(Config{});
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(&generator.next(kStart + i++ / 100));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Generator_Live);

// What the producer does per event before handing bytes to Kafka.
void BM_Generator_ThenEncode(benchmark::State& state) {
  Generator generator(replay(100'000, 500));
  std::string value;
  for (auto _ : state) {
    value.clear();
    clicklog::avro::encode(generator.next(0), clicklog::avro::Framing::kSingleObject, value);
    benchmark::DoNotOptimize(value.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Generator_ThenEncode);

}  // namespace

BENCHMARK_MAIN();
