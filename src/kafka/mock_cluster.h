// MockCluster: librdkafka's in-process Kafka-protocol cluster (rdkafka_mock.h) on loopback, the
// embedded default behind `clicklog broker` and `clicklog demo`. Data lives in memory only and
// the mock keeps roughly the newest 5 MB of each partition (measured with librdkafka 2.0.2), so
// older records silently disappear: use enough partitions. Lives as long as this object; any
// thread may use the bootstrap list, fault injection calls are thread-safe in librdkafka.
#pragma once

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h requires rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "kafka/embedded.h"
#include "kafka/handles.h"

namespace clicklog::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
};

class MockCluster {
 public:
  static Result<MockCluster> create(int brokers, const std::vector<TopicSpec>& topics);
  MockCluster(MockCluster&&) noexcept = default;
  MockCluster& operator=(MockCluster&&) noexcept = default;

  const std::string& bootstrap_servers() const { return bootstraps_; }
  Status create_topic(const TopicSpec& topic);
  // For fault-injection tests (rd_kafka_mock_* functions).
  rd_kafka_mock_cluster_t* raw() const { return cluster_.get(); }

 private:
  struct ClusterDeleter {
    void operator()(rd_kafka_mock_cluster_t* p) const { rd_kafka_mock_cluster_destroy(p); }
  };
  MockCluster(HandlePtr host, rd_kafka_mock_cluster_t* cluster)
      : host_(std::move(host)),
        cluster_(cluster),
        bootstraps_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

  // Declared before the cluster so that the cluster is destroyed first.
  HandlePtr host_;
  std::unique_ptr<rd_kafka_mock_cluster_t, ClusterDeleter> cluster_;
  std::string bootstraps_;
};

}  // namespace clicklog::kafka
