// The streaming second-hotel state (hotel/): heap bytes per active user, clicks per second
// folded in, and the sorted reducer of the daily query. Baseline in the same run: the
// straightforward state a first version would keep, std::unordered_map<user, {first, second}>
// with each click's time, partition, offset and hotel name as a std::string.
//
// Heap bytes are measured, not estimated: this program replaces the global operator new and
// delete to keep a count of live bytes (malloc_usable_size, so allocator rounding is included;
// malloc's own headers are not). Users have realistic hotel names from the generator's
// catalogue ("h-san-sebastian-0007"), some longer than std::string's inline buffer.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

#include "generator/catalogue.h"
#include "generator/config.h"
#include "generator/rng.h"
#include "hotel/click_order.h"
#include "hotel/second_hotel_state.h"
#include "hotel/sorted_reducer.h"

namespace {
std::atomic<int64_t> g_live_bytes{0};

void* counted_alloc(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  g_live_bytes.fetch_add(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  return p;
}
void counted_free(void* p) noexcept {
  if (!p) return;
  g_live_bytes.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(size_t n) {
  return counted_alloc(n);
}
void* operator new[](size_t n) {
  return counted_alloc(n);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, size_t) noexcept {
  counted_free(p);
}

namespace {

using namespace clicklog;
constexpr int64_t kDayStart = 20'784 * hotel::kDayMs;  // 2026-11-27
constexpr int kClicksPerUser = 4;

struct Click {
  int64_t user;
  int64_t time_ms;
  int32_t partition;
  int64_t offset;
  uint32_t hotel;  // index into Clicks::names
};

struct Clicks {
  std::vector<std::string> names;
  std::vector<Click> clicks;  // arrival order: by time, users interleaved
};

// `users` users with kClicksPerUser clicks each over one day; each user browses one
// destination's hotels, so many click the same hotel twice and some have one hotel only.
const Clicks& clicks_for(int64_t users) {
  static std::unordered_map<int64_t, Clicks> cache;
  auto [it, fresh] = cache.try_emplace(users);
  Clicks& c = it->second;
  if (!fresh) return c;
  const generator::Config config;
  const generator::Catalogue catalogue(config);
  generator::Rng rng(5);
  std::unordered_map<std::string, uint32_t> ids;
  std::string name;
  const int64_t total = users * kClicksPerUser;
  c.clicks.reserve(static_cast<size_t>(total));
  std::vector<int64_t> next_offset(32, 0);
  for (int64_t i = 0; i < total; ++i) {
    const int64_t user =
        static_cast<int64_t>(rng.next() % static_cast<uint64_t>(users)) * 7 + 1'000;
    generator::Rng user_rng(static_cast<uint64_t>(user));  // the user's destination
    const uint32_t destination = catalogue.pick_destination(user_rng);
    catalogue.hotel_id(destination, catalogue.pick_hotel(rng, destination), name);
    auto [id, added] = ids.try_emplace(name, static_cast<uint32_t>(c.names.size()));
    if (added) c.names.push_back(name);
    const auto partition = static_cast<int32_t>(user % 32);
    c.clicks.push_back({user, kDayStart + i * (hotel::kDayMs / total), partition,
                        next_offset[static_cast<size_t>(partition)]++, id->second});
  }
  return c;
}

// What a first version would keep per user.
struct PlainState {
  hotel::FirstClick first;
  std::optional<hotel::FirstClick> second;
};

void plain_add(std::unordered_map<int64_t, PlainState>& m, const Click& c,
               const std::string& hotel) {
  const auto before = [](const hotel::FirstClick& a, const Click& b) {
    return std::tie(a.time_ms, a.partition, a.offset) > std::tie(b.time_ms, b.partition, b.offset);
  };
  auto [it, fresh] = m.try_emplace(c.user);
  PlainState& s = it->second;
  if (fresh) {
    s.first = {c.time_ms, c.partition, c.offset, hotel};
  } else if (before(s.first, c)) {
    if (hotel != s.first.hotel) s.second = s.first;
    s.first = {c.time_ms, c.partition, c.offset, hotel};
  } else if (hotel != s.first.hotel && (!s.second || before(*s.second, c))) {
    s.second = hotel::FirstClick{c.time_ms, c.partition, c.offset, hotel};
  }
}

void BM_StateBytesPerUser(benchmark::State& state) {
  const Clicks& c = clicks_for(state.range(0));
  for (auto _ : state) {
    const int64_t before = g_live_bytes.load();
    auto s = std::make_unique<hotel::SecondHotelState>();
    for (const Click& k : c.clicks)
      s->add(k.user, k.time_ms, k.partition, k.offset, c.names[k.hotel]);
    const auto users = static_cast<double>(s->users());
    state.counters["users"] = users;
    state.counters["heap_bytes_per_user"] =
        static_cast<double>(g_live_bytes.load() - before) / users;
    state.counters["reported_bytes_per_user"] = static_cast<double>(s->memory_bytes()) / users;
    state.counters["hotels"] = static_cast<double>(c.names.size());
  }
}
BENCHMARK(BM_StateBytesPerUser)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(3'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_BaselinePlainMapBytesPerUser(benchmark::State& state) {
  const Clicks& c = clicks_for(state.range(0));
  for (auto _ : state) {
    const int64_t before = g_live_bytes.load();
    auto m = std::make_unique<std::unordered_map<int64_t, PlainState>>();
    for (const Click& k : c.clicks) plain_add(*m, k, c.names[k.hotel]);
    state.counters["users"] = static_cast<double>(m->size());
    state.counters["heap_bytes_per_user"] =
        static_cast<double>(g_live_bytes.load() - before) / static_cast<double>(m->size());
  }
}
BENCHMARK(BM_BaselinePlainMapBytesPerUser)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(3'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Clicks folded per second, into a state that already holds the day's users (steady state).
void BM_StateAdd(benchmark::State& state) {
  const Clicks& c = clicks_for(state.range(0));
  hotel::SecondHotelState s;
  size_t i = 0;
  for (auto _ : state) {
    const Click& k = c.clicks[i];
    benchmark::DoNotOptimize(s.add(k.user, k.time_ms, k.partition, k.offset, c.names[k.hotel]));
    if (++i == c.clicks.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StateAdd)->Arg(1'000'000);

void BM_BaselinePlainMapAdd(benchmark::State& state) {
  const Clicks& c = clicks_for(state.range(0));
  std::unordered_map<int64_t, PlainState> m;
  size_t i = 0;
  for (auto _ : state) {
    plain_add(m, c.clicks[i], c.names[c.clicks[i].hotel]);
    if (++i == c.clicks.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BaselinePlainMapAdd)->Arg(1'000'000);

// The daily query's reducer over clicks sorted as the stores return them.
void BM_SortedReducer(benchmark::State& state) {
  const Clicks& c = clicks_for(state.range(0));
  std::vector<hotel::StoredClick> sorted;
  for (const Click& k : c.clicks)
    sorted.push_back({k.user, k.time_ms, k.partition, k.offset, c.names[k.hotel]});
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.user_id, a.time_ms, a.partition, a.offset) <
           std::tie(b.user_id, b.time_ms, b.partition, b.offset);
  });
  size_t rows = 0;
  for (auto _ : state) {
    hotel::SortedReducer r([&](const hotel::UserFirstTwo& u) { rows += u.second.has_value(); });
    for (const auto& k : sorted) r.add(k);
    r.finish();
  }
  benchmark::DoNotOptimize(rows);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(sorted.size()));
}
BENCHMARK(BM_SortedReducer)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
