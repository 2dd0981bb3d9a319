// GET /api/status: what the job is doing, from the same metrics as /metrics, with what the
// endpoint derives from them: the records rate, the event-time lag (now minus the watermark)
// and the consumer lag per partition (from librdkafka's statistics, kafka/consumer_stats.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/live_view.h"

namespace clicklog::http {

struct JobInfo {
  std::string command;  // run, demo
  std::string group;
  std::string topic;
};

// Sets the gauge clicklog_event_time_lag_seconds (whole seconds) from the watermark gauge's
// `watermark_ms` and the wall clock `now_ms`, before each /metrics or /api/status; the lag in
// ms, nullopt before the first watermark (the gauge then stays unset).
std::optional<int64_t> refresh_event_time_lag(int64_t now_ms, int64_t watermark_ms);

// The status object as one line.
std::string status_json(const JobInfo& info, const LiveView& view,
                        std::optional<double> records_per_second, int64_t now_ms);

}  // namespace clicklog::http
