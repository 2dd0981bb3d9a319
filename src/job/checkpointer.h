// Checkpointer: the streaming job's side of checkpoints (docs/reliability.md). It restores the
// last checkpoint into the processor at start, keeps the job's position (next offset to read)
// per partition, which is where a reassigned partition resumes, remembers the last window
// emitted so none is emitted twice across a restart, and writes a checkpoint when one is due.
// Owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/result.h"
#include "job/checkpoint_store.h"
#include "job/processor.h"
#include "job/state_topic.h"

namespace clicklog::job {

struct CheckpointOptions {
  int64_t interval_ms = 0;  // 0: no checkpoints (offsets auto-committed as before)
  std::string state_dir;    // empty: default_state_dir(group), first free instance slot
  std::string instance_id;  // with an empty state_dir: the folder is default_state_dir(group)@id
};

class Checkpointer {
 public:
  // Opens the state folder and restores into `processor` the newer of its checkpoint and the
  // one in `state_topic` (when given); one taken on another cluster (an embedded broker
  // started afresh) is set aside with a warning. The first checkpoint is due one interval
  // after now_ms.
  static Result<Checkpointer> open(const CheckpointOptions& options, const std::string& group,
                                   const std::string& cluster_id, const std::string& topic,
                                   Processor& processor, int64_t now_ms,
                                   StateTopic* state_topic = nullptr);

  std::optional<int64_t> position(int32_t partition) const;
  void advanced(int32_t partition, int64_t next_offset) { positions_[partition] = next_offset; }
  const std::map<int32_t, int64_t>& positions() const { return positions_; }

  // False for a window already emitted (a restored engine never offers one; this is the guard).
  bool first_emission(int64_t end_ms) const { return !last_emitted_ || end_ms > *last_emitted_; }
  void emitted(int64_t end_ms) { last_emitted_ = end_ms; }

  bool due(int64_t now_ms) const { return now_ms - last_saved_ms_ >= options_.interval_ms; }
  // Saves the processor's state with the positions and the last window emitted, and copies it
  // to the state topic when the job is its group's sole member (`sole_member`: it reads every
  // partition; with several members each holds only its own share, which is no state to
  // resume the group from). The caller makes sure first that everything before (dead
  // letters, published results, stored clicks) is durable.
  Status save(const Processor& processor, int64_t now_ms, bool sole_member = false);

  uint64_t saved() const { return sequence_; }
  // For the log: what this run's checkpoints cost (state bytes; ms to serialize and write).
  std::string cost() const;
  const std::string& dir() const { return store_.dir(); }

 private:
  Checkpointer(CheckpointOptions options, std::string cluster_id, std::string topic,
               CheckpointStore store, StateTopic* state_topic)
      : options_(std::move(options)),
        cluster_id_(std::move(cluster_id)),
        topic_(std::move(topic)),
        store_(std::move(store)),
        state_topic_(state_topic) {}
  // The newer usable one of the local and the published checkpoint (nullopt: start afresh);
  // `source` says where it came from.
  static Result<std::optional<Checkpoint>> choose(const Checkpointer& c,
                                                  std::optional<Checkpoint> local,
                                                  std::string& source);

  CheckpointOptions options_;
  std::string cluster_id_;
  std::string topic_;
  CheckpointStore store_;
  StateTopic* state_topic_;
  std::map<int32_t, int64_t> positions_;
  std::optional<int64_t> last_emitted_;
  uint64_t sequence_ = 0;
  int64_t last_saved_ms_ = 0;
  int runs_saved_ = 0;
  size_t max_bytes_ = 0;
  double max_ms_ = 0, total_ms_ = 0;
};

}  // namespace clicklog::job
