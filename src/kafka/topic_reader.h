// read_topic: reads a whole topic once, every partition from its start to its end as of the
// call, with no consumer group (nothing committed, no rebalance). For small topics read at
// start-up, such as the job's compacted state topic.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "kafka/client_config.h"

namespace clicklog::kafka {

// Null keys arrive as "", null values (tombstones) as nullopt. Fails when the topic is
// missing or the end is not reached within timeout_ms.
using RecordVisitor =
    std::function<void(std::string_view key, std::optional<std::string_view> value)>;
Status read_topic(const std::string& brokers, const Properties& overrides, const std::string& topic,
                  int timeout_ms, const RecordVisitor& visit);

}  // namespace clicklog::kafka
