// The click stores under the daily query's load: clicks saved per second through the Store API
// (batches of 10,000, each flushed: the job's durable point), then the second-hotel query over
// the whole day, for RocksDB and, when CLICKLOG_BENCH_CASSANDRA names a store URI, Cassandra.
// Baseline in the same run: the query written plainly over the same scan, every click of the
// day into std::unordered_map<user, std::vector<click>>, each user's clicks sorted, the answer
// read off (what a first version would do); the two answers must be equal.
//
//   CLICKLOG_BENCH_CLICKS      clicks of the day (default 10,000,000)
//   CLICKLOG_BENCH_USERS       distinct users drawn from (default 1,200,000)
//   CLICKLOG_BENCH_ROCKSDB     rocksdb:PATH to use (default: a temporary directory, removed)
//   CLICKLOG_BENCH_CASSANDRA   cassandra://HOST:PORT/KEYSPACE (the Cassandra rows are skipped
//   without it) CLICKLOG_BENCH_LOADED=1    the stores already hold this data set: skip saving
// The Python baseline for Cassandra is bench/second_hotel_baseline.py (scripts/bench-second-hotel
// runs everything).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <unordered_map>

#include "generator/catalogue.h"
#include "generator/config.h"
#include "generator/rng.h"
#include "hotel/click_order.h"
#include "store/day_query.h"
#include "store/store.h"

namespace {

using namespace clicklog;
constexpr int32_t kDay = 20'784;  // 2026-11-27
constexpr size_t kBatch = 10'000;

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoll(v) : fallback;
}

struct DataSet {
  std::vector<std::string> names;
  std::vector<store::StoredClick> clicks;  // hotel views into names
};

// Users browse one destination's hotels each (the generator's catalogue), so answers look real:
// many users with one hotel, many with several.
const DataSet& data_set() {
  static DataSet d = [] {
    DataSet d;
    const int64_t count = env_int("CLICKLOG_BENCH_CLICKS", 10'000'000);
    const auto users = static_cast<uint64_t>(env_int("CLICKLOG_BENCH_USERS", 1'200'000));
    const generator::Catalogue catalogue{generator::Config{}};
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> ids;
    std::vector<std::pair<uint32_t, uint32_t>> hotel_of;
    generator::Rng rng(2026);
    std::vector<int64_t> next_offset(32, 0);
    std::vector<std::pair<uint32_t, uint32_t>> picks;
    picks.reserve(static_cast<size_t>(count));
    d.clicks.reserve(static_cast<size_t>(count));
    std::string name;
    for (int64_t i = 0; i < count; ++i) {
      const auto user = static_cast<int64_t>(rng.next() % users) + 1;
      generator::Rng user_rng(static_cast<uint64_t>(user));
      const uint32_t destination = catalogue.pick_destination(user_rng);
      const uint32_t h = catalogue.pick_hotel(rng, destination);
      auto [it, added] = ids.try_emplace({destination, h}, static_cast<uint32_t>(d.names.size()));
      if (added) {
        catalogue.hotel_id(destination, h, name);
        d.names.push_back(name);
      }
      const auto partition = static_cast<int32_t>(user % 32);
      d.clicks.push_back(
          {user,
           int64_t{kDay} * hotel::kDayMs + static_cast<int64_t>(rng.next() % hotel::kDayMs),
           partition,
           next_offset[static_cast<size_t>(partition)]++,
           {}});
      picks.emplace_back(static_cast<uint32_t>(i), it->second);
    }
    for (const auto& [i, id] : picks) d.clicks[i].hotel = d.names[id];
    return d;
  }();
  return d;
}

struct Target {
  std::string uri;
  std::filesystem::path remove_at_exit;
  ~Target() {
    std::error_code ec;
    if (!remove_at_exit.empty()) std::filesystem::remove_all(remove_at_exit, ec);
  }
};

const Target& rocksdb_target() {
  static Target t = [] {
    Target t;
    if (const char* uri = std::getenv("CLICKLOG_BENCH_ROCKSDB")) {
      t.uri = uri;
    } else {
      t.remove_at_exit = std::filesystem::temp_directory_path() / "clicklog-bench-store";
      std::filesystem::remove_all(t.remove_at_exit);
      t.uri = "rocksdb:" + t.remove_at_exit.string();
    }
    return t;
  }();
  return t;
}

std::string uri_for(int backend) {
  if (backend == 0) return rocksdb_target().uri;
  const char* c = std::getenv("CLICKLOG_BENCH_CASSANDRA");
  return c ? c : "";
}

void BM_Save(benchmark::State& state) {
  const std::string uri = uri_for(static_cast<int>(state.range(0)));
  if (uri.empty()) return state.SkipWithError("set CLICKLOG_BENCH_CASSANDRA to a store URI");
  const DataSet& d = data_set();
  if (env_int("CLICKLOG_BENCH_LOADED", 0))
    return state.SkipWithError("CLICKLOG_BENCH_LOADED: not saving");
  for (auto _ : state) {
    auto s = store::open_store(uri, {store::Role::kIngest, std::chrono::seconds(30)});
    if (!s) return state.SkipWithError(s.error().message.c_str());
    const std::span<const store::StoredClick> all(d.clicks);
    for (size_t i = 0; i < all.size(); i += kBatch) {
      auto part = all.subspan(i, std::min(kBatch, all.size() - i));
      auto st = (*s)->save(part, {});
      if (st) st = (*s)->flush();
      if (!st) return state.SkipWithError(st.message().c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.clicks.size()));
  state.SetLabel(uri);
}
BENCHMARK(BM_Save)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// The plain version: every click in a hash map of vectors, each user sorted.
class PlainSink final : public store::DaySink {
 public:
  struct C {
    int64_t time_ms;
    int32_t partition;
    int64_t offset;
    std::string hotel;
  };
  void on_clicks(size_t, std::span<const store::StoredClick> clicks) override {
    std::lock_guard lock(mu);
    for (const auto& c : clicks)
      by_user[c.user_id].push_back({c.time_ms, c.partition, c.offset, std::string(c.hotel)});
  }
  std::vector<hotel::UserHotel> answer() {
    std::vector<hotel::UserHotel> rows;
    for (auto& [user, list] : by_user) {
      std::sort(list.begin(), list.end(), [](const C& a, const C& b) {
        return std::tie(a.time_ms, a.partition, a.offset) <
               std::tie(b.time_ms, b.partition, b.offset);
      });
      for (const C& c : list) {
        if (c.hotel != list.front().hotel) {
          rows.push_back({user, c.hotel});
          break;
        }
      }
    }
    hotel::sort_by_user(rows);
    return rows;
  }
  std::mutex mu;
  std::unordered_map<int64_t, std::vector<C>> by_user;
};

std::map<int, std::vector<hotel::UserHotel>> g_answers;  // by backend, to hold the baseline to

void BM_DayQuery(benchmark::State& state) {
  const int backend = static_cast<int>(state.range(0));
  const std::string uri = uri_for(backend);
  if (uri.empty()) return state.SkipWithError("set CLICKLOG_BENCH_CASSANDRA to a store URI");
  uint64_t clicks = 0;
  for (auto _ : state) {
    auto s = store::open_store(uri, {store::Role::kQuery, std::chrono::seconds(30)});
    if (!s) return state.SkipWithError(s.error().message.c_str());
    auto answer = store::compute_day_answer(**s, kDay);
    if (!answer) return state.SkipWithError(answer.error().message.c_str());
    clicks = answer->clicks;
    state.counters["clicks"] = static_cast<double>(answer->clicks);
    state.counters["users"] = static_cast<double>(answer->users);
    state.counters["rows"] = static_cast<double>(answer->rows.size());
    g_answers[backend] = std::move(answer->rows);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(clicks));
  state.SetLabel(uri);
}
BENCHMARK(BM_DayQuery)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_BaselinePlainDayQuery(benchmark::State& state) {
  const int backend = static_cast<int>(state.range(0));
  const std::string uri = uri_for(backend);
  if (uri.empty()) return state.SkipWithError("set CLICKLOG_BENCH_CASSANDRA to a store URI");
  size_t clicks = 0;
  for (auto _ : state) {
    auto s = store::open_store(uri, {store::Role::kQuery, std::chrono::seconds(30)});
    if (!s) return state.SkipWithError(s.error().message.c_str());
    PlainSink sink;
    if (auto st = (*s)->scan_day(kDay, sink); !st) return state.SkipWithError(st.message().c_str());
    const auto rows = sink.answer();
    for (const auto& [_, list] : sink.by_user) clicks += list.size();
    state.counters["rows"] = static_cast<double>(rows.size());
    if (g_answers.count(backend) && rows != g_answers[backend]) {
      return state.SkipWithError("the plain answer differs from compute_day_answer's");
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(clicks));
  state.SetLabel(uri);
}
BENCHMARK(BM_BaselinePlainDayQuery)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
