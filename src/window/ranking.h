// The ranking step of the top-destinations query (CONTRACT.md section 2), apart from counting
// as Flink's window rank operator is apart from its window aggregation: the best top_n of a
// window's running totals, by searches descending, then destination ascending (bytewise).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "window/destination_table.h"

namespace clicklog::window {

struct Entry {
  std::string destination;
  int64_t searches = 0;
  bool operator==(const Entry&) const = default;
};

// The window [start_ms, end_ms) and its top entries, ranked.
struct WindowResult {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::vector<Entry> top;
  bool operator==(const WindowResult&) const = default;
};

// totals[id]: the window's searches of destination `id` of `names`; ids with 0 are left out.
WindowResult rank_window(const std::vector<int64_t>& totals, const DestinationTable& names,
                         int top_n, int64_t start_ms, int64_t end_ms);

}  // namespace clicklog::window
