// ClientConfig: librdkafka properties for one client, built from clicklog's defaults and the
// user's `-X key=value` overrides (which always win), validated at creation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "kafka/handles.h"

namespace clicklog::kafka {

using Properties = std::vector<std::pair<std::string, std::string>>;

// Splits "key=value"; an error for anything without '=' or with an empty key.
Result<std::pair<std::string, std::string>> parse_property(const std::string& text);

// Applies defaults, then overrides, in order. Unknown keys or bad values are an error naming
// the key.
Result<ConfPtr> make_conf(const Properties& defaults, const Properties& overrides);

// Asks the cluster for metadata until it answers or timeout_ms passes: the "is the broker
// reachable" check every command does before its real work.
Status wait_for_cluster(rd_kafka_t* rk, const std::string& brokers, int timeout_ms);

// Number of partitions of topic, or an error when it does not exist or the cluster is silent.
Result<int> partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// What a partition holds: offsets low (the first still kept) to high (the next to be written).
struct OffsetRange {
  int64_t low = 0;
  int64_t high = 0;
};
// Every partition's range, by partition: an error when the topic does not exist or a partition's
// leader does not answer within timeout_ms.
Result<std::map<int32_t, OffsetRange>> partition_offsets(rd_kafka_t* rk, const std::string& topic,
                                                         int timeout_ms);

}  // namespace clicklog::kafka
