#include "http/live_view.h"

#include <algorithm>
#include <iterator>

namespace clicklog::http {

std::optional<std::string> Subscription::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [&] { return dropped_ || !queue_.empty(); });
  if (dropped_ || queue_.empty()) return std::nullopt;
  std::string out = std::move(queue_.front());
  queue_.pop_front();
  return out;
}

bool Subscription::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void Subscription::push(const std::string& window) {
  {
    std::lock_guard lock(mutex_);
    if (dropped_) return;
    if (queue_.size() >= capacity_) {
      dropped_ = true;
      queue_.clear();
    } else {
      queue_.push_back(window);
    }
  }
  ready_.notify_one();
}

LiveView::LiveView(size_t keep, size_t per_client, size_t history)
    : keep_(std::max<size_t>(keep, 1)),
      per_client_(std::max<size_t>(per_client, 1)),
      history_(std::max<size_t>(history, 1)) {}

void LiveView::publish(std::string window_json, WindowCounts counts) {
  std::lock_guard lock(mutex_);
  ++published_;
  std::erase_if(subscribers_, [&](const std::weak_ptr<Subscription>& weak) {
    const auto s = weak.lock();
    if (!s) return true;
    s->push(window_json);
    if (!s->dropped()) return false;
    ++dropped_;
    return true;
  });
  windows_.push_back(std::move(window_json));
  if (windows_.size() > keep_) windows_.pop_front();
  counts_.push_back(std::move(counts));
  if (counts_.size() > history_) counts_.pop_front();
}

std::vector<std::string> LiveView::last(size_t n) const {
  std::lock_guard lock(mutex_);
  n = std::min(n, windows_.size());
  return {windows_.end() - static_cast<std::ptrdiff_t>(n), windows_.end()};
}

std::vector<DestinationPoint> LiveView::destination_history(std::string_view destination,
                                                            int64_t span_ms) const {
  std::vector<DestinationPoint> out;
  std::lock_guard lock(mutex_);
  if (counts_.empty()) return out;
  const int64_t since = counts_.back().end_ms - span_ms;
  // Windows come in increasing end: walk back to the first one in the span, then forward.
  auto it = counts_.end();
  while (it != counts_.begin() && std::prev(it)->end_ms > since) --it;
  for (; it != counts_.end(); ++it) {
    const auto& top = it->top;
    const auto found = std::find_if(top.begin(), top.end(),
                                    [&](const auto& entry) { return entry.first == destination; });
    if (found == top.end()) continue;
    out.push_back(
        {it->start_ms, it->end_ms, static_cast<int>(found - top.begin()) + 1, found->second});
  }
  return out;
}

std::shared_ptr<Subscription> LiveView::subscribe() {
  auto s = std::make_shared<Subscription>(per_client_);
  std::lock_guard lock(mutex_);
  subscribers_.push_back(s);
  return s;
}

int64_t LiveView::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

size_t LiveView::subscribers() const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(std::count_if(subscribers_.begin(), subscribers_.end(),
                                           [](const auto& weak) { return !weak.expired(); }));
}

int64_t LiveView::dropped_subscribers() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace clicklog::http
