// The librdkafka calls the clients of this folder share: a configuration from properties,
// the reachability check, topic metadata and offset ranges. Internal to kafka/: nothing
// outside this folder sees librdkafka's types.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "kafka/client_config.h"
#include "kafka/handles.h"

namespace clicklog::kafka {

// Applies defaults, then overrides, in order. Unknown keys or bad values are an error naming
// the key.
Result<ConfPtr> make_conf(const Properties& defaults, const Properties& overrides);

// Asks the cluster for metadata until it answers or timeout_ms passes: the "is the broker
// reachable" check every command does before its real work.
Status wait_for_cluster(rd_kafka_t* rk, const std::string& brokers, int timeout_ms);

// Number of partitions of topic, or an error when it does not exist or the cluster is silent.
Result<int> partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// The cluster's id (empty when the cluster does not say within timeout_ms).
std::string cluster_id(rd_kafka_t* rk, int timeout_ms);

// Every broker's "host:port" as the cluster's metadata names them (empty when it does not
// answer within timeout_ms).
std::vector<std::string> broker_addresses(rd_kafka_t* rk, int timeout_ms);

// What a partition holds: offsets low (the first still kept) to high (the next to be written).
struct OffsetRange {
  int64_t low = 0;
  int64_t high = 0;
};
// Every partition's range, by partition: an error when the topic does not exist or a partition's
// leader does not answer within timeout_ms.
Result<std::map<int32_t, OffsetRange>> partition_offsets(rd_kafka_t* rk, const std::string& topic,
                                                         int timeout_ms);

// Creates `topic` with `partitions` partitions and the cluster's default replication, through
// the admin API; an error with the cluster's reason when it refuses (an existing topic included).
Status create_topic(rd_kafka_t* rk, const std::string& topic, int partitions, int timeout_ms);

}  // namespace clicklog::kafka
