// Static membership for a cluster that ignores group.instance.id (librdkafka 2.0.2's mock, the
// embedded cluster): a static member keeps its member id in a file, and the next process with
// the same instance id asks the cluster to drop that member (a Kafka LeaveGroup request for it)
// before joining. Without this, a restarted member waits for its killed predecessor's session
// to expire, since the mock knows members only by member id. Real Kafka fences the old
// instance itself: callers use this only on the embedded cluster.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace clicklog::kafka {

// The member id a previous process kept in `path`, if any.
std::optional<std::string> read_member_id(const std::string& path);
// Keeps `member_id` in `path` (created with its folders; replaced atomically).
Status save_member_id(const std::string& path, const std::string& member_id);

enum class Fenced {
  kRemoved,     // the member was in the group and has left it
  kNotAMember,  // the group does not know it (it left, timed out, or the group is new)
};

// Sends LeaveGroup(group, member_id) to each of `brokers` ("host:port", plaintext: the
// embedded cluster has no TLS or SASL) until the group's coordinator answers. An error when
// none does within timeout_ms.
Result<Fenced> fence_member(const std::vector<std::string>& brokers, const std::string& group,
                            const std::string& member_id, int timeout_ms);

}  // namespace clicklog::kafka
