#include "kafka/consumer_stats.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/metrics.h"

namespace clicklog::kafka {

std::optional<std::map<int32_t, int64_t>> parse_consumer_lag(std::string_view stats_json,
                                                             std::string_view topic) {
  const auto doc = nlohmann::json::parse(stats_json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto topics = doc.find("topics");
  if (topics == doc.end() || !topics->is_object()) return std::nullopt;
  const auto t = topics->find(std::string(topic));
  if (t == topics->end() || !t->is_object()) return std::nullopt;
  const auto partitions = t->find("partitions");
  if (partitions == t->end() || !partitions->is_object()) return std::nullopt;
  std::map<int32_t, int64_t> lag;
  for (const auto& p : *partitions) {
    const auto id = p.find("partition");
    const auto value = p.find("consumer_lag");
    if (id == p.end() || value == p.end() || !id->is_number_integer() ||
        !value->is_number_integer()) {
      continue;
    }
    const auto partition = id->get<int32_t>();
    if (partition < 0) continue;  // RD_KAFKA_PARTITION_UA: librdkafka's own bookkeeping
    lag[partition] = value->get<int64_t>();
  }
  return lag;
}

void record_consumer_lag(std::string_view stats_json, std::string_view topic) {
  const auto lag = parse_consumer_lag(stats_json, topic);
  if (!lag) return;
  for (const auto& [partition, value] : *lag) {
    metrics::gauge("clicklog_consumer_lag",
                   "Records between this member's position and the partition's end, from "
                   "librdkafka's statistics (-1: not read here, or not known yet)",
                   fmt::format("partition=\"{}\"", partition))
        .set(value);
  }
}

}  // namespace clicklog::kafka
