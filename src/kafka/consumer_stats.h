// The consumer's share of librdkafka's statistics (statistics.interval.ms): how far each
// partition it reads is behind the partition's end, published as the gauges
// clicklog_consumer_lag{partition="N"}. Parsing is apart from publishing so that it can be
// tested on captured documents.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

namespace clicklog::kafka {

// Every 5 s unless -X statistics.interval.ms says otherwise (0 turns the statistics off).
inline constexpr int kStatisticsIntervalMs = 5000;

// topics.<topic>.partitions.<p>.consumer_lag of a statistics document, by partition. librdkafka
// writes -1 where it does not know (a partition this member does not read, or before its first
// fetch); those stay -1. Its internal partition -1 is left out. nullopt: not a statistics
// document, or no such topic in it.
std::optional<std::map<int32_t, int64_t>> parse_consumer_lag(std::string_view stats_json,
                                                             std::string_view topic);

// Sets the gauges from one document (the consumer's statistics callback, on its poll thread).
void record_consumer_lag(std::string_view stats_json, std::string_view topic);

}  // namespace clicklog::kafka
