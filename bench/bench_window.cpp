// The window engine alone: events per second per core through TopDestinations::add, and the
// cost of one slide (advance + rank) as the number of distinct destinations grows.
// Baseline in the same run: a plain std::unordered_map<std::string, int64_t> increment per
// event, the simplest counting a naive implementation would start from.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "window/top_destinations.h"

namespace {

using clicklog::window::Config;
using clicklog::window::TopDestinations;
using clicklog::window::WindowResult;

struct Stream {
  std::vector<std::string> names;
  std::vector<uint32_t> pick;  // index into names, Zipf-like
  std::vector<int64_t> times;  // 1 ms apart, like 1000 events/s of simulated time
};

const Stream& stream(int destinations) {
  static std::unordered_map<int, Stream> cache;
  auto [it, fresh] = cache.try_emplace(destinations);
  Stream& s = it->second;
  if (fresh) {
    for (int i = 0; i < destinations; ++i) s.names.push_back("destination-" + std::to_string(i));
    std::mt19937_64 rng(1);
    std::vector<double> weights;
    for (int i = 1; i <= destinations; ++i) weights.push_back(1.0 / i);
    std::discrete_distribution<uint32_t> zipf(weights.begin(), weights.end());
    constexpr int kEvents = 1 << 20;
    for (int i = 0; i < kEvents; ++i) {
      s.pick.push_back(zipf(rng));
      s.times.push_back(1'795'819'700'000 + i);
    }
  }
  return s;
}

void BM_EngineAdd(benchmark::State& state) {
  const Stream& s = stream(static_cast<int>(state.range(0)));
  TopDestinations engine(Config{});
  std::vector<WindowResult> out;
  size_t i = 0;
  int64_t shift = 0;
  for (auto _ : state) {
    engine.add(s.times[i] + shift, s.names[s.pick[i]]);
    if (++i == s.pick.size()) {
      i = 0;
      shift += static_cast<int64_t>(s.pick.size());
      engine.advance(s.times.back() + shift - 600'000, out);  // keep memory bounded
      out.clear();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineAdd)->Arg(500)->Arg(50'000);

void BM_BaselineHashMapIncrement(benchmark::State& state) {
  const Stream& s = stream(static_cast<int>(state.range(0)));
  std::unordered_map<std::string, int64_t> counts;
  size_t i = 0;
  for (auto _ : state) {
    ++counts[s.names[s.pick[i]]];
    if (++i == s.pick.size()) i = 0;
  }
  benchmark::DoNotOptimize(counts);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BaselineHashMapIncrement)->Arg(500)->Arg(50'000);

// One slide: emit the next window (add newest bucket, subtract oldest, rank top 10).
void BM_SlideEmit(benchmark::State& state) {
  const int destinations = static_cast<int>(state.range(0));
  const Stream& s = stream(destinations);
  TopDestinations engine(Config{});
  // Fill 10 minutes + a margin, 1 event per ms, every destination present.
  int64_t t = 1'795'819'700'000;
  size_t i = 0;
  const auto add_slide = [&] {
    for (int k = 0; k < 10'000; ++k, ++t) {
      engine.add(t, s.names[k < destinations ? k : s.pick[i++ % s.pick.size()]]);
    }
  };
  for (int d = 0; d < destinations; ++d) engine.add(t, s.names[d]);  // every name interned
  for (int slide = 0; slide < 61; ++slide) add_slide();
  std::vector<WindowResult> out;
  engine.advance(t - 10'000, out);
  for (auto _ : state) {
    state.PauseTiming();
    add_slide();
    out.clear();
    state.ResumeTiming();
    engine.advance(t - 10'000, out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_SlideEmit)->Arg(500)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
