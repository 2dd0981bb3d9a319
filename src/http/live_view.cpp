#include "http/live_view.h"

#include <algorithm>
#include <iterator>

namespace clicklog::http {

std::vector<std::string> Subscription::take(std::chrono::milliseconds timeout,
                                            std::chrono::milliseconds linger) {
  std::unique_lock lock(mutex_);
  if (!ready_.wait_for(lock, timeout, [&] { return dropped_ || !queue_.empty(); })) return {};
  if (linger.count() > 0) ready_.wait_for(lock, linger, [&] { return dropped_; });
  if (dropped_) return {};
  std::vector<std::string> out(std::make_move_iterator(queue_.begin()),
                               std::make_move_iterator(queue_.end()));
  queue_.clear();
  in_flight_ = !out.empty();
  return out;
}

void Subscription::sent() {
  std::lock_guard lock(mutex_);
  in_flight_ = false;
}

bool Subscription::idle() const {
  std::lock_guard lock(mutex_);
  return dropped_ || (queue_.empty() && !in_flight_);
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
      // A reader waits only on an empty queue: later windows of a burst wake nobody.
      if (queue_.size() > 1) return;
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

bool LiveView::drained() const {
  std::lock_guard lock(mutex_);
  return std::all_of(subscribers_.begin(), subscribers_.end(), [](const auto& weak) {
    const auto s = weak.lock();
    return !s || s->idle();
  });
}

int64_t LiveView::dropped_subscribers() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace clicklog::http
