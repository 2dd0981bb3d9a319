// The internal topics of a scaled-out group (docs/scale-out.md), named after the group: where
// they are, how a member makes one that is missing, and whether a group has scaled out before.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "job/top_destinations_job.h"
#include "kafka/partition_reader.h"
#include "kafka/producer.h"

namespace clicklog::job {

std::string partials_topic_of(const std::string& group);
std::string merge_topic_of(const std::string& group);
// The merge topic's partition that elects the merger and holds its checkpoints, and their keys:
// the merger's own, and the state a process that read alone handed over (job/hand_over.h).
inline constexpr int32_t kMergerPartition = 0;
inline constexpr std::string_view kMergeCheckpointKey = "merger";
inline constexpr std::string_view kHandOverKey = "hand-over";

// A reader of one of the group's topics, outside the group, with the job's connection settings;
// an error when the topic is missing. A consumer's metadata request (a producer's may make the
// broker create a missing topic with its default partition count).
Result<kafka::PartitionReader> topic_reader(const JobOptions& options, const std::string& topic);

// The partitions of a topic, asked through topic_reader().
Result<int> existing_partitions(const JobOptions& options, const std::string& topic);

// A topic the group needs: there, or created now with `partitions` partitions. Returns its
// partition count, which may differ from `partitions` when it was there already or the broker
// made it on first use with its own default (the embedded broker: 4).
Result<int> ensure_topic(const JobOptions& options, kafka::Producer& producer,
                         const std::string& topic, int partitions);

}  // namespace clicklog::job
