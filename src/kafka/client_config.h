// ClientConfig: librdkafka properties for one client, clicklog's defaults with the user's
// `-X key=value` overrides (which always win); kafka/cluster_calls.h turns them into a
// validated librdkafka configuration.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace clicklog::kafka {

using Properties = std::vector<std::pair<std::string, std::string>>;

// Splits "key=value"; an error for anything without '=' or with an empty key.
Result<std::pair<std::string, std::string>> parse_property(const std::string& text);

}  // namespace clicklog::kafka
