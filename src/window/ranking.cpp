#include "window/ranking.h"

#include <algorithm>

namespace clicklog::window {

WindowResult rank_window(const std::vector<int64_t>& totals, const DestinationTable& names,
                         int top_n, int64_t start_ms, int64_t end_ms) {
  const auto better = [&](uint32_t a, uint32_t b) {
    if (totals[a] != totals[b]) return totals[a] > totals[b];
    return names.name(a) < names.name(b);
  };
  // A bounded heap of the best top_n ids seen so far, worst on top: O(ids * log top_n).
  std::vector<uint32_t> heap;
  const size_t n = static_cast<size_t>(top_n);
  heap.reserve(n + 1);
  for (uint32_t id = 0; id < totals.size(); ++id) {
    if (totals[id] <= 0) continue;
    if (heap.size() < n) {
      heap.push_back(id);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (better(id, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = id;
      std::push_heap(heap.begin(), heap.end(), better);
    }
  }
  std::sort(heap.begin(), heap.end(), better);
  WindowResult result{start_ms, end_ms, {}};
  result.top.reserve(heap.size());
  for (uint32_t id : heap) result.top.push_back({names.name(id), totals[id]});
  return result;
}

}  // namespace clicklog::window
