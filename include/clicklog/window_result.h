/// @file
/// @brief WindowResult: one sliding window of the built-in top N, as on_window receives it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clicklog {

/// One destination of a window's ranking.
struct RankedDestination {
  std::string destination;  ///< as in the records, bytewise
  int64_t searches = 0;     ///< searches of it whose event time is in the window
  bool operator==(const RankedDestination&) const = default;  ///< all fields equal
};

/// The window [start_ms, end_ms) of event time and its most searched destinations: by
/// searches descending, then destination ascending (bytewise); at most PipelineOptions::top_n
/// of them. Emitted once, when the watermark passes end_ms; only windows holding a search are
/// emitted.
struct WindowResult {
  int64_t start_ms = 0;                ///< the window's first millisecond of event time
  int64_t end_ms = 0;                  ///< one past its last
  std::vector<RankedDestination> top;  ///< ranked, best first
  bool operator==(const WindowResult&) const = default;  ///< all fields equal
};

}  // namespace clicklog
