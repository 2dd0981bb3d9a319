// A per-window alert on the built-in top N: prints a destination whose searches in a window are
// at least 3 times its searches in the window just before (the one ending where this one
// starts, so the two share no event). One line per alert, tab-separated:
//   WINDOW_END_MS  DESTINATION  SEARCHES_BEFORE  SEARCHES_NOW
// Usage: window_alert BROKERS TOPIC GROUP   (a bounded replay of the topic, 1-minute windows)
#include <clicklog/clicklog.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s BROKERS TOPIC GROUP\n", argv[0]);
    return 2;
  }
  using namespace std::chrono_literals;
  clicklog::Pipeline pipeline({.brokers = argv[1],
                               .topic = argv[2],
                               .group = argv[3],
                               .from_beginning = true,
                               .until_end = true,
                               .window = 1min,
                               .slide = 10s,
                               .top_n = 100'000,  // every destination, not only the first ten
                               .max_future = 0ms});
  // Searches per destination of the windows emitted, by window end, back one window length.
  std::map<int64_t, std::map<std::string, int64_t>> recent;
  pipeline.on_window([&](const clicklog::WindowResult& w) {
    auto& now = recent[w.end_ms];
    for (const auto& entry : w.top) now[entry.destination] = entry.searches;
    if (auto before = recent.find(w.start_ms); before != recent.end()) {
      for (const auto& [destination, searches] : now) {
        auto was = before->second.find(destination);
        if (was == before->second.end() || searches < 3 * was->second) continue;
        std::printf("%lld\t%s\t%lld\t%lld\n", static_cast<long long>(w.end_ms), destination.c_str(),
                    static_cast<long long>(was->second), static_cast<long long>(searches));
      }
    }
    recent.erase(recent.begin(), recent.lower_bound(w.start_ms));
  });
  try {
    pipeline.run();
  } catch (const clicklog::PipelineError& e) {
    std::fprintf(stderr, "window_alert: %s\n", e.what());
    return 1;
  }
  return 0;
}
