// The hand-over: a job that read every partition alone, when another process joins its group,
// writes what it read as the group's first merge checkpoint (docs/scale-out.md, "A group
// forms"): its window engine and where it stands on each input partition, adopted by the merger
// (scaleout::Merger::adopt). The group's members then start each partition there, and its merger
// goes on from that state: no record is read twice into a window, none is missed.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/result.h"
#include "job/top_destinations_job.h"
#include "kafka/producer.h"
#include "scaleout/merger.h"

namespace clicklog::job {

struct AloneState {
  std::string engine;  // window::TopDestinations::save(), every read partial merged
  std::map<int32_t, scaleout::InputProgress> inputs;  // the partitions it read
  int32_t input_partitions = 0;
};

// Writes the state to the group's merge topic (made if missing) and waits for Kafka to
// acknowledge it and everything the producer sent before (results, dead letters).
Status hand_over(const JobOptions& options, kafka::Producer& producer, const AloneState& state);

// The group has formed before: its merge topic holds a checkpoint. Such a group's state lives in
// its internal topics, so a process joining it is a member from the start. False when the topic
// is missing, empty or cannot be read.
bool group_has_formed(const JobOptions& options);

}  // namespace clicklog::job
