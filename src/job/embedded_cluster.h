// What a job's consumers are given on the embedded cluster (librdkafka's mock, kafka/embedded.h)
// in place of what the mock lacks: a short session, since it ignores group.instance.id, and for
// a static member the file its member id is kept in, so that the member's next process removes
// it from the group before joining (kafka/member_fence.h).
#pragma once

#include <string>

#include "kafka/consumer.h"

namespace clicklog::job {

// With the id of the cluster `o` reads: on the embedded one, sets o's session timeout and
// member-id file and returns true; elsewhere leaves `o` as it is.
bool fit_to_embedded_cluster(const std::string& cluster_id, kafka::ConsumerOptions& o);

// Where a static member keeps its member id on the embedded cluster: a file beside the group's
// state folders (default_state_dir), one per group and instance id; empty without an id.
std::string member_id_file(const std::string& group, const std::string& instance_id);

}  // namespace clicklog::job
