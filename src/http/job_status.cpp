#include "http/job_status.h"

#include <fmt/format.h>

#include <map>

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

// The value of a one-label set such as reason="bad_time".
std::string label_value(const std::string& labels) {
  const auto q = labels.find('"');
  return q == std::string::npos ? labels : labels.substr(q + 1, labels.rfind('"') - q - 1);
}

int64_t watermark_ms() {
  for (const auto& m : metrics::snapshot()) {
    if (m.name == "clicklog_watermark_ms") return m.value;
  }
  return 0;
}

}  // namespace

std::optional<int64_t> refresh_event_time_lag(int64_t now_ms) {
  const int64_t watermark = watermark_ms();
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
  const auto event_time_lag = refresh_event_time_lag(now_ms);
  std::map<std::string, int64_t> bad, late;
  std::map<int32_t, int64_t> consumer_lag;
  int64_t records = 0, searches = 0, windows = 0, watermark = 0, dead_letters = 0;
  for (const auto& m : metrics::snapshot()) {
    if (m.name == "clicklog_records_total") records = m.value;
    if (m.name == "clicklog_searches_total") searches = m.value;
    if (m.name == "clicklog_windows_emitted_total") windows = m.value;
    if (m.name == "clicklog_watermark_ms") watermark = m.value;
    if (m.name == "clicklog_dead_letters_total") dead_letters += m.value;
    if (m.name == "clicklog_bad_records_total") bad[label_value(m.labels)] = m.value;
    if (m.name == "clicklog_late_searches_total") late[label_value(m.labels)] = m.value;
    // -1: a partition this member does not read (any more), or not known yet.
    if (m.name == "clicklog_consumer_lag" && m.value >= 0) {
      consumer_lag[std::stoi(label_value(m.labels))] = m.value;
    }
  }
  std::string out = "{";
  const auto field = [&](std::string_view name, const std::string& value_json) {
    if (out.size() > 1) out += ',';
    json::append_string(out, name);
    out += ':';
    out += value_json;
  };
  int64_t lag_total = 0;
  for (const auto& [_, lag] : consumer_lag) lag_total += lag;
  field("command", text(info.command));
  field("group", text(info.group));
  field("topic", text(info.topic));
  field("records", std::to_string(records));
  field("records_per_second",
        records_per_second ? fmt::format("{:.1f}", *records_per_second) : "null");
  field("searches", std::to_string(searches));
  field("windows_emitted", std::to_string(windows));
  field("watermark", watermark > 0 ? text(format_rfc3339_utc_ms(watermark)) : "null");
  field(
      "event_time_lag_seconds",
      event_time_lag ? fmt::format("{:.3f}", static_cast<double>(*event_time_lag) / 1000) : "null");
  field("consumer_lag", object(consumer_lag));
  field("consumer_lag_total", consumer_lag.empty() ? "null" : std::to_string(lag_total));
  field("bad_records", object(bad));
  field("late_searches", object(late));
  field("dead_letters", std::to_string(dead_letters));
  field("stream_clients", std::to_string(view.subscribers()));
  field("stream_clients_dropped", std::to_string(view.dropped_subscribers()));
  return out + "}\n";
}

}  // namespace clicklog::http
