#include "store/click_saver.h"

#include <algorithm>
#include <thread>

#include "common/log.h"
#include "common/metrics.h"
#include "common/shutdown.h"
#include "common/time_format.h"
#include "hotel/click_order.h"
#include "store/day_query.h"

namespace clicklog::store {

namespace {

metrics::Metric& clicks_saved() {
  static auto& m =
      metrics::counter("clicklog_clicks_saved_total",
                       "Clicks saved to the store (durable before offsets are stored)");
  return m;
}
metrics::Metric& store_failures() {
  static auto& m = metrics::counter("clicklog_store_failures_total",
                                    "Failed attempts to save and flush a batch of clicks");
  return m;
}
metrics::Metric& state_users() {
  static auto& m = metrics::gauge("clicklog_second_hotel_state_users",
                                  "(day, user) pairs held by the streaming second-hotel state");
  return m;
}
metrics::Metric& state_bytes() {
  static auto& m = metrics::gauge("clicklog_second_hotel_state_bytes",
                                  "Memory held by the streaming second-hotel state");
  return m;
}

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ClickSaver::ClickSaver(Store& store, SaverOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.stop) options_.stop = [] { return shutdown_requested(); };
  if (!options_.wall_clock_ms) options_.wall_clock_ms = system_now_ms;
}

void ClickSaver::advance_floor() {
  if (options_.state_days <= 0) return;
  const int32_t floor = hotel::utc_day(options_.wall_clock_ms()) - (options_.state_days - 1);
  if (!state_.floor() || *state_.floor() < floor) state_.set_floor(floor);
}

Status ClickSaver::seed(const std::set<int32_t>* only) {
  if (options_.state_days <= 0) return {};
  advance_floor();
  const int32_t today = hotel::utc_day(options_.wall_clock_ms());
  const std::string whose = only ? fmt::format(" of {} partition(s)", only->size()) : "";
  for (int32_t day = *state_.floor(); day <= today; ++day) {
    const auto started = std::chrono::steady_clock::now();
    const size_t users_before = state_.users(day);
    auto clicks = seed_state(store_, day, state_, only);
    if (!clicks) return Error{clicks.error().message};
    stats_.seeded_clicks += *clicks;
    log::info("second-hotel state: {} users{} of {} loaded from {} in {:.1f} s ({} clicks read)",
              state_.users(day) - users_before, whose,
              format_utc_date(int64_t{day} * hotel::kDayMs), store_.describe(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
              *clicks);
  }
  return {};
}

Status ClickSaver::on_assigned(const std::vector<int32_t>& partitions) {
  std::set<int32_t> fresh;
  for (int32_t p : partitions) {
    if (!owned_.count(p) && !released_.count(p)) fresh.insert(p);
  }
  owned_.insert(partitions.begin(), partitions.end());
  const bool gave_some_away =
      std::ranges::any_of(released_, [&](int32_t p) { return !owned_.count(p); });
  released_.clear();
  if (options_.state_days <= 0) return {};
  if (gave_some_away || state_.holds_every_user()) state_.retain_partitions(owned_);
  Status st = fresh.empty() ? Status{} : seed(&fresh);
  report_state();
  return st;
}

void ClickSaver::report_state() const {
  state_users().set(static_cast<int64_t>(state_.users()));
  state_bytes().set(static_cast<int64_t>(state_.memory_bytes()));
}

void ClickSaver::on_revoked(const std::vector<int32_t>& partitions) {
  for (int32_t p : partitions) {
    owned_.erase(p);
    released_.insert(p);
  }
}

void ClickSaver::on_event(const TimedEvent& e, int32_t partition, int64_t offset) {
  if (!is_counted_click(e.event)) return;
  const std::string_view hotel = *e.event.hotel;
  clicks_.push_back({*e.event.user_id, e.time_ms, partition, offset, {}});
  hotels_.emplace_back(arena_.size(), hotel.size());
  arena_.append(hotel);
  if (options_.state_days > 0 && state_.add(*e.event.user_id, e.time_ms, partition, offset,
                                            hotel) == hotel::FoldResult::kAnswerChanged) {
    changed_.emplace_back(hotel::utc_day(e.time_ms), *e.event.user_id);
  }
}

Status ClickSaver::save_once(const std::vector<LiveRow>& live) {
  if (auto st = store_.save(clicks_, live); !st) return st;
  return store_.flush();
}

Status ClickSaver::before_offsets() {
  advance_floor();
  if (clicks_.empty()) return {};
  for (size_t i = 0; i < clicks_.size(); ++i) {
    clicks_[i].hotel = std::string_view(arena_).substr(hotels_[i].first, hotels_[i].second);
  }
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  std::vector<LiveRow> live;
  for (const auto& [day, user] : changed_) {
    if (auto h = state_.second_hotel(day, user)) live.push_back({day, user, *h});
  }

  auto backoff = options_.first_backoff;
  const auto failing_since = std::chrono::steady_clock::now();
  uint64_t attempts = 0;
  for (;;) {
    ++attempts;
    auto st = save_once(live);
    if (st) break;
    ++stats_.failed_attempts;
    store_failures().add();
    log::warn("{}; holding {} clicks and committing no offsets past them; retry {} in {} ms",
              st.message(), clicks_.size(), attempts, backoff.count());
    for (auto waited = std::chrono::milliseconds(0);; waited += std::chrono::milliseconds(50)) {
      if (options_.stop()) {
        return Error{
            fmt::format("stopped while the store was failing ({}); offsets past the "
                        "{} unsaved clicks were not committed",
                        st.message(), clicks_.size())};
      }
      if (waited >= backoff) break;
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), backoff - waited));
    }
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  if (attempts > 1) {
    log::info(
        "store {} is back: {} clicks saved after {} attempts in {:.1f} s", store_.describe(),
        clicks_.size(), attempts,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - failing_since).count());
  }
  stats_.clicks_saved += clicks_.size();
  stats_.live_rows_saved += live.size();
  ++stats_.flushes;
  clicks_saved().add(static_cast<int64_t>(clicks_.size()));
  report_state();
  clicks_.clear();
  hotels_.clear();
  arena_.clear();
  changed_.clear();
  return {};
}

}  // namespace clicklog::store

namespace clicklog::store {

std::string ClickSaver::summary() const {
  std::string text = fmt::format(
      "clicklog summary: {} clicks saved to {} in {} flushes, {} failed "
      "attempts",
      stats_.clicks_saved, store_.describe(), stats_.flushes, stats_.failed_attempts);
  if (options_.state_days > 0) {
    const size_t users = state_.users();
    const size_t bytes = state_.memory_bytes();
    text += fmt::format("; second-hotel state: {} users over {} days, {} bytes ({:.1f} per user)",
                        users, state_.days().size(), bytes,
                        users ? static_cast<double>(bytes) / static_cast<double>(users) : 0.0);
  }
  return text;
}

}  // namespace clicklog::store
