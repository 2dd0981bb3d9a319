#include "http/job_status.h"

#include <fmt/format.h>

#include <map>

#include "common/job_counts.h"
#include "common/json.h"
#include "common/metrics.h"
#include "common/time_format.h"

namespace clicklog::http {
namespace {

std::string text(std::string_view s) {
  std::string q;
  json::append_string(q, s);
  return q;
}

template <class Key>
std::string object(const std::map<Key, int64_t>& m) {
  std::string o = "{";
  for (const auto& [k, v] : m) {
    if (o.size() > 1) o += ',';
    json::append_string(o, fmt::format("{}", k));
    o += ':' + std::to_string(v);
  }
  return o + "}";
}

}  // namespace

std::optional<int64_t> refresh_event_time_lag(int64_t now_ms, int64_t watermark) {
  if (watermark <= 0) return std::nullopt;
  static auto& gauge = metrics::gauge(
      "clicklog_event_time_lag_seconds",
      "Wall clock minus the event-time watermark, in whole seconds (set at each scrape)");
  const int64_t lag = now_ms - watermark;
  gauge.set(lag / 1000);
  return lag;
}

std::string status_json(const JobInfo& info, const LiveView& view,
                        std::optional<double> records_per_second, int64_t now_ms) {
  const auto counts = metrics::job_counts();
  const auto event_time_lag = refresh_event_time_lag(now_ms, counts.watermark_ms);
  std::string out = "{";
  const auto field = [&](std::string_view name, const std::string& value_json) {
    if (out.size() > 1) out += ',';
    json::append_string(out, name);
    out += ':';
    out += value_json;
  };
  field("command", text(info.command));
  field("group", text(info.group));
  field("topic", text(info.topic));
  field("records", std::to_string(counts.records));
  field("records_per_second",
        records_per_second ? fmt::format("{:.1f}", *records_per_second) : "null");
  field("searches", std::to_string(counts.searches));
  field("windows_emitted", std::to_string(counts.windows_emitted));
  field("watermark",
        counts.watermark_ms > 0 ? text(format_rfc3339_utc_ms(counts.watermark_ms)) : "null");
  field(
      "event_time_lag_seconds",
      event_time_lag ? fmt::format("{:.3f}", static_cast<double>(*event_time_lag) / 1000) : "null");
  field("consumer_lag", object(counts.consumer_lag));
  const auto lag_total = counts.consumer_lag_total();
  field("consumer_lag_total", lag_total ? std::to_string(*lag_total) : "null");
  field("bad_records", object(counts.bad_by_reason));
  field("late_searches", object(counts.late_by_kind));
  field("dead_letters", std::to_string(counts.dead_letters));
  field("stream_clients", std::to_string(view.subscribers()));
  field("stream_clients_dropped", std::to_string(view.dropped_subscribers()));
  return out + "}\n";
}

}  // namespace clicklog::http
