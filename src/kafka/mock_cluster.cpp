#include "kafka/mock_cluster.h"

#include <fmt/format.h>

namespace clicklog::kafka {

bool is_embedded_cluster(std::string_view cluster_id) {
  return cluster_id.starts_with("mockCluster");
}

Result<MockCluster> MockCluster::create(int brokers, const std::vector<TopicSpec>& topics) {
  if (brokers < 1) return Error{"a cluster needs at least one broker"};
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", nullptr, 0);
  HandlePtr host(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
  if (!host) {
    rd_kafka_conf_destroy(conf);
    return Error{fmt::format("cannot create the embedded cluster's host client: {}", err)};
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(host.get(), brokers);
  if (!cluster) return Error{"cannot start the embedded Kafka cluster"};
  MockCluster mc(std::move(host), cluster);
  for (const auto& t : topics) {
    if (auto st = mc.create_topic(t); !st) return Error{st.message()};
  }
  return mc;
}

Status MockCluster::create_topic(const TopicSpec& t) {
  if (t.partitions < 1) return Error{fmt::format("topic {} needs at least one partition", t.name)};
  const int replication = 1;
  if (auto e =
          rd_kafka_mock_topic_create(cluster_.get(), t.name.c_str(), t.partitions, replication)) {
    return Error{fmt::format("create topic {}: {}", t.name, rd_kafka_err2str(e))};
  }
  return {};
}

}  // namespace clicklog::kafka
