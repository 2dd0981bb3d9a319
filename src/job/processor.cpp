#include "job/processor.h"

#include <fmt/format.h>

#include "common/metrics.h"
#include "job/job_metrics.h"
#include "window/state_codec.h"

namespace clicklog::job {
namespace {

metrics::Metric& records() {
  static auto& m = metrics::counter("clicklog_records_total", "Kafka records read by the job");
  return m;
}
metrics::Metric& searches() {
  static auto& m =
      metrics::counter("clicklog_searches_total", "Searches counted for top destinations");
  return m;
}
metrics::Metric& bad(std::string_view reason) {
  return metrics::counter(
      "clicklog_bad_records_total",
      "Records that could not be framed, decoded or timed, or that a guard refused, by reason",
      fmt::format("reason=\"{}\"", reason));
}
metrics::Metric& late(window::AddOutcome outcome) {
  static auto& partial = metrics::counter(
      "clicklog_late_searches_total",
      "Searches older than an already emitted window (partial: counted in later windows; "
      "dropped: in no open window)",
      "kind=\"partial\"");
  static auto& dropped = metrics::counter("clicklog_late_searches_total", "", "kind=\"dropped\"");
  return outcome == window::AddOutcome::kTooLate ? dropped : partial;
}
}  // namespace

metrics::Metric& windows_emitted_metric() {
  static auto& m = metrics::counter("clicklog_windows_emitted_total", "Window results emitted");
  return m;
}
metrics::Metric& watermark_metric() {
  static auto& m = metrics::gauge("clicklog_watermark_ms", "Event-time watermark (epoch ms)");
  return m;
}

metrics::Metric& state_bytes_metric(std::string_view stage) {
  return metrics::gauge("clicklog_state_bytes",
                        "Bytes of a stage's state: the merger's last checkpoint, or the partial "
                        "records a member last published (what it held)",
                        fmt::format("stage=\"{}\"", stage));
}

Processor::Processor(const ProcessorOptions& options)
    : options_(options),
      engine_(options.window),
      watermarks_(options.lateness_ms, options.idle_timeout_ms) {
  // Both kinds on /metrics from the start, at 0: a dashboard's rate of none is 0, not absent.
  late(window::AddOutcome::kTooLate);
}

void Processor::assign(const std::vector<int32_t>& partitions, int64_t now_ms) {
  for (int32_t p : partitions) watermarks_.assign(p, now_ms);
}

void Processor::revoke(const std::vector<int32_t>& partitions) {
  for (int32_t p : partitions) watermarks_.revoke(p);
}

std::optional<std::string_view> Processor::process(int32_t partition, int64_t offset,
                                                   std::span<const uint8_t> value, int64_t now_ms,
                                                   int64_t wall_ms) {
  records().add();
  if (member_) member_->read(partition, offset);  // bad records are covered too
  if (auto reason = classify(value, options_.framing, options_.guards, wall_ms, scratch_, times_)) {
    bad(*reason).add();
    return reason;
  }
  watermarks_.observe(partition, scratch_.time_ms, now_ms);
  if (member_) member_->observe(partition, scratch_.time_ms);
  if (is_counted_search(scratch_.event)) {
    searches().add();
    if (member_) {
      member_->count(partition, scratch_.time_ms, *scratch_.event.destination);
    } else {
      partials_of(partition).add(scratch_.time_ms, engine_.intern(*scratch_.event.destination));
    }
  }
  for (UserWindows* w : user_windows_) w->add(scratch_, partition, offset);
  if (observer_) observer_(scratch_, partition, offset);
  return std::nullopt;
}

window::SliceCounts& Processor::partials_of(int32_t partition) {
  if (partition != cached_partition_) {
    cached_partials_ = &partials_.try_emplace(partition, options_.window.slide_ms).first->second;
    cached_partition_ = partition;
  }
  return *cached_partials_;
}

void Processor::merge_partials() {
  for (auto& [partition, partials] : partials_) {
    if (partials.empty()) continue;
    const auto outcome = engine_.merge(partials);
    if (outcome.late_partial) late(window::AddOutcome::kLatePartial).add(outcome.late_partial);
    if (outcome.too_late) late(window::AddOutcome::kTooLate).add(outcome.too_late);
    partials.clear();
  }
}

// u32 n, n x (name, state)
std::string Processor::save_user_windows() const {
  if (user_windows_.empty()) return {};
  std::string out;
  window::StateWriter w(out);
  w.u32(static_cast<uint32_t>(user_windows_.size()));
  for (const UserWindows* u : user_windows_) w.str(u->name()), w.str(u->save());
  return out;
}

Status Processor::restore(std::string_view engine, std::string_view watermarks,
                          std::string_view user_windows) {
  window::TopDestinations restored_engine(options_.window);
  if (auto st = restored_engine.restore(engine); !st) return st;
  std::map<std::string_view, std::string_view> user_states;
  if (!user_windows.empty()) {
    window::StateReader r(user_windows);
    for (uint32_t i = 0, n = r.count(8); i < n && r.ok(); ++i) {
      const auto name = r.str();
      user_states[name] = r.str();
    }
    if (!r.at_end()) return Error{"the user aggregations' state is corrupt"};
  }
  for (UserWindows* u : user_windows_) {
    const auto it = user_states.find(u->name());
    if (it == user_states.end()) continue;
    if (auto st = u->restore(it->second); !st) {
      return Error{fmt::format("aggregation {}: {}", u->name(), st.message())};
    }
  }
  if (auto st = watermarks_.restore(watermarks); !st) return st;
  engine_ = std::move(restored_engine);
  partials_.clear();  // their ids were the replaced engine's
  cached_partition_ = -1;
  return {};
}

void Processor::advance(int64_t now_ms, std::vector<window::WindowResult>& out) {
  merge_partials();
  const auto wm = watermarks_.watermark(now_ms);
  if (!wm) return;
  watermark_metric().set(*wm);
  const size_t before = out.size();
  engine_.advance(*wm, out);
  windows_emitted_metric().add(static_cast<int64_t>(out.size() - before));
  for (UserWindows* u : user_windows_) u->advance(*wm);
}

void Processor::flush(std::vector<window::WindowResult>& out) {
  merge_partials();
  const size_t before = out.size();
  engine_.flush(out);
  windows_emitted_metric().add(static_cast<int64_t>(out.size() - before));
  for (UserWindows* u : user_windows_) u->flush();
}

}  // namespace clicklog::job
