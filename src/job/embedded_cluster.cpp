#include "job/embedded_cluster.h"

#include "job/checkpoint_store.h"
#include "kafka/embedded.h"

namespace clicklog::job {

bool fit_to_embedded_cluster(const std::string& cluster_id, kafka::ConsumerOptions& o) {
  if (!kafka::is_embedded_cluster(cluster_id)) return false;
  o.session_timeout_ms = kafka::kEmbeddedSessionTimeoutMs;
  o.member_id_file = member_id_file(o.group, o.instance_id);
  return true;
}

std::string member_id_file(const std::string& group, const std::string& instance_id) {
  if (instance_id.empty()) return {};
  return default_state_dir(group) + "@" + instance_id + ".member-id";
}

}  // namespace clicklog::job
