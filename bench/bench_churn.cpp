// Memory and checkpoint size of the window engine over a long replay in which destinations come
// and go, against the same replay with a fixed set of destinations (docs/benchmarks.md,
// "Destinations that come and go"). Not a Google Benchmark: it prints, as the replay goes, the
// process's resident set, the engine's checkpoint size and the destinations it holds.
//
// The replay: every tick (0.36 s of event time) destination k is born (its first search),
// destination k - 500 makes its last search (so each lives 3 minutes and 500 are alive at
// once), and two searches go to destinations picked among the alive. With `churn`, k counts up
// (10 million ticks: 10 million distinct destinations over 41 days of event time); without,
// the same ticks use the names k mod 500. Searches gather in per-partition partials merged
// before every advance, as job::Processor does.
//   bench_churn churn|steady [TICKS]
#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "window/slice_counts.h"
#include "window/top_destinations.h"

namespace {

using namespace clicklog::window;

constexpr int64_t kTickMs = 360;
constexpr int64_t kAlive = 500;
constexpr int kPartitions = 16;
constexpr int64_t kTicksPerBatch = 2'500;  // 10,000 searches between advances, as a job's batch

// VmRSS or VmHWM of this process, in KiB.
long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool churn = argc > 1 && std::string(argv[1]) == "churn";
  const int64_t ticks = argc > 2 ? std::stoll(argv[2]) : 10'000'000;
  TopDestinations engine(Config{});  // 10-minute window, 10 s slide, top 10
  std::vector<SliceCounts> partials(kPartitions, SliceCounts(Config{}.slide_ms));
  std::mt19937_64 rng(14);
  std::vector<WindowResult> out;
  int64_t windows = 0, searches = 0;
  size_t max_checkpoint = 0, max_held = 0;
  const int64_t start_ms = 1'795'000'000'000;
  const auto name = [&](int64_t k) {
    return fmt::format("destination-{}", churn ? k : k % kAlive);
  };
  std::printf("| %s: ticks | searches | destinations ever | held | checkpoint bytes | RSS MiB |\n",
              churn ? "churn" : "steady");
  std::printf("|---|---|---|---|---|---|\n");
  for (int64_t tick = 0; tick < ticks; ++tick) {
    const int64_t t = start_ms + tick * kTickMs;
    const auto search = [&](int64_t k) {
      partials[static_cast<size_t>(k % kPartitions)].add(t, engine.intern(name(k)));
      ++searches;
    };
    search(tick);
    if (tick >= kAlive) search(tick - kAlive);
    const int64_t oldest = std::max<int64_t>(0, tick - kAlive + 1);
    for (int i = 0; i < 2; ++i) search(oldest + static_cast<int64_t>(rng() % (tick - oldest + 1)));
    if ((tick + 1) % kTicksPerBatch != 0 && tick + 1 != ticks) continue;
    for (auto& p : partials) {
      engine.merge(p);
      p.clear();
    }
    engine.advance(t, out);
    windows += static_cast<int64_t>(out.size());
    out.clear();
    max_held = std::max(max_held, engine.distinct_destinations());
    // A checkpoint every simulated 4 days or so, and at the end.
    if ((tick + 1) % (kTicksPerBatch * 400) == 0 || tick + 1 == ticks) {
      const size_t bytes = engine.save().size();
      max_checkpoint = std::max(max_checkpoint, bytes);
      std::printf("| %lld | %lld | %lld | %zu | %zu | %.1f |\n", static_cast<long long>(tick + 1),
                  static_cast<long long>(searches),
                  static_cast<long long>(churn ? tick + 1 : std::min(tick + 1, kAlive)),
                  engine.distinct_destinations(), bytes, status_kib("VmRSS:") / 1024.0);
      std::fflush(stdout);
    }
  }
  std::printf(
      "%s: %lld windows, at most %zu destinations held, largest checkpoint %zu bytes, "
      "peak RSS %.1f MiB\n",
      churn ? "churn" : "steady", static_cast<long long>(windows), max_held, max_checkpoint,
      status_kib("VmHWM:") / 1024.0);
}
