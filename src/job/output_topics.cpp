#include "job/output_topics.h"

#include <fmt/format.h>

#include "common/log.h"
#include "common/time_format.h"
#include "job/result_sink.h"

namespace clicklog::job {

Status check_dlq_topic(const kafka::Producer& producer, const std::string& topic, int timeout_ms) {
  if (auto n = producer.partition_count(topic, timeout_ms); !n) {
    return Error{fmt::format("dead-letter {} (create it, or name another with --dlq-topic)",
                             n.error().message)};
  }
  return {};
}

Result<std::string> optional_topic(const std::string& topic, bool required, const char* flag,
                                   const char* without_it, int timeout_ms,
                                   const kafka::Producer& producer) {
  if (topic.empty()) return topic;
  auto n = producer.partition_count(topic, timeout_ms);
  if (n) return topic;
  if (required) return Error{fmt::format("{}: {}", flag, n.error().message)};
  log::warn("{}: {} (create it, or pass {} '')", without_it, n.error().message, flag);
  return std::string();
}

Status send_result(kafka::Producer& producer, const std::string& topic,
                   const window::WindowResult& r) {
  if (auto st = producer.send(topic, format_rfc3339_utc(r.end_ms), to_jsonl(r)); !st) {
    return Error{fmt::format("results topic {}: {}", topic, st.message())};
  }
  return {};
}

}  // namespace clicklog::job
