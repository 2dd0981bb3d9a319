// The obviously-correct reference for the window engine: recount every window from all events.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "window/top_destinations.h"

namespace clicklog::window::testing {

struct Event {
  int64_t t;
  std::string dest;
};

inline std::vector<WindowResult> naive_recount(const std::vector<Event>& events, const Config& c) {
  std::map<int64_t, std::map<std::string, int64_t>> per_end;
  for (const Event& e : events) {
    // Windows [E - W, E) holding t: E in (t, t + W], E a multiple of the slide.
    const int64_t first = (floor_div(e.t, c.slide_ms) + 1) * c.slide_ms;
    for (int64_t end = first; end <= e.t + c.window_ms; end += c.slide_ms) per_end[end][e.dest]++;
  }
  std::vector<WindowResult> out;
  for (const auto& [end, counts] : per_end) {
    std::vector<Entry> entries;
    for (const auto& [d, n] : counts) entries.push_back({d, n});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.searches > b.searches; });
    if (entries.size() > static_cast<size_t>(c.top_n)) entries.resize(c.top_n);
    out.push_back({end - c.window_ms, end, entries});
  }
  return out;
}

}  // namespace clicklog::window::testing
