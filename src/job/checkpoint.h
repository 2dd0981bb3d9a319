// Checkpoint: what a streaming job saves to resume exactly after a stop or crash
// (docs/reliability.md): the window engine's and watermark tracker's state with the next
// offset to read per partition, all taken at the same instant.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace clicklog::job {

struct Checkpoint {
  std::string cluster_id;  // the Kafka cluster's id: offsets mean nothing on another cluster
  std::string topic;
  std::string engine;                  // window::TopDestinations::save()
  std::string watermarks;              // window::WatermarkTracker::save()
  std::string user_windows;            // Processor::save_user_windows(); empty: none
  std::map<int32_t, int64_t> offsets;  // next offset to read, per partition
  std::optional<int64_t> last_emitted_end_ms;
  // 1 for a job's first checkpoint, then counts up; carried over when a job resumes from the
  // state topic, so the newer of a local and a published checkpoint is the larger number.
  uint64_t sequence = 0;
};

}  // namespace clicklog::job
