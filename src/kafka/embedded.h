// Facts about the embedded cluster (librdkafka's mock, kafka/mock_cluster.h) that its clients
// need, whatever process runs it.
#pragma once

#include <string_view>

namespace clicklog::kafka {

// True for the id that librdkafka's mock cluster reports ("mockCluster..."): an embedded
// cluster, whatever process runs it.
bool is_embedded_cluster(std::string_view cluster_id);

// librdkafka 2.0.2's mock ignores group.instance.id, so a killed member's partitions wait for
// its session to expire even when it comes back with the same id: on the embedded cluster
// (loopback, no pauses to ride out) members default to this session timeout instead.
constexpr int kEmbeddedSessionTimeoutMs = 3000;

}  // namespace clicklog::kafka
