// MergeStage: the second stage of a scaled-out group, present in every member
// (docs/scale-out.md). The members elect one merger through Kafka: the owner of partition 0 of
// the merge topic in the consumer group `G-merge`. While this member is the merger it reads the
// partials topic from its newest checkpoint, applies each partial record once and in order,
// emits each window once the watermark over all input partitions passes it, and writes a
// checkpoint to the merge topic after each emission. Every member reads the merge topic's tail
// to learn when a bounded run is done. Owned by the job's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "kafka/consumer.h"
#include "kafka/partition_reader.h"
#include "kafka/producer.h"
#include "scaleout/merger.h"
#include "window/top_destinations.h"

namespace clicklog::job {

struct MergeStageOptions {
  std::string brokers;
  kafka::Properties overrides;
  int timeout_ms = 10'000;
  std::string partials_topic;  // G-partials: one partition per input partition
  std::string merge_topic;     // G-merge: partition 0 elects the merger and holds its checkpoints
  std::string instance_id;     // the member's static id, or empty
  int session_timeout_ms = 0;
  bool embedded_cluster = false;  // the election keeps its member id (kafka/member_fence.h)
  scaleout::MergerOptions merger;
  int64_t checkpoint_interval_ms = 10'000;  // at the latest, when records were applied
};

class MergeStage : public kafka::RebalanceListener {
 public:
  // Writes one window to the sinks; an error stops the job.
  using Emit = std::function<Status(const window::WindowResult&)>;

  static Result<std::unique_ptr<MergeStage>> open(const MergeStageOptions& options,
                                                  kafka::Producer& producer, Emit emit);
  MergeStage(const MergeStage&) = delete;
  MergeStage& operator=(const MergeStage&) = delete;

  // One turn: keeps this member in the election and, as the merger, applies what was published,
  // emits and checkpoints. With `until_end`, a merger that has every input partition ended
  // flushes the rest and writes a done checkpoint.
  Status turn(int64_t now_ms, bool until_end);
  // The input positions of the merge topic's newest checkpoint (none without one): where the
  // merger stood, or where a job that read alone stood when it handed its state over.
  Result<std::map<int32_t, int64_t>> newest_input_positions();
  // A done checkpoint is in the merge topic whose positions reach every one of `ends`.
  bool done_covering(const std::map<int32_t, int64_t>& ends);
  bool leading() const { return merger_.has_value(); }
  Status close();

  void on_assigned(const std::vector<int32_t>& partitions) override;
  void on_revoked(const std::vector<int32_t>& partitions) override;

 private:
  MergeStage(const MergeStageOptions& options, kafka::Producer& producer, Emit emit,
             kafka::Consumer election, kafka::PartitionReader watch, int64_t watch_from,
             kafka::PartitionReader reader);

  Status take_over();
  Status adopt_late_hand_over();
  Status start_merging(const std::optional<std::string>& checkpoint, std::string_view what);
  Status give_up();
  Status catch_up_watch();
  Status apply_published();
  Status emit_all(const std::vector<window::WindowResult>& results);
  Status write_checkpoint(bool done);
  void watch_done(int timeout_ms = 0);

  const MergeStageOptions options_;
  kafka::Producer& producer_;
  Emit emit_;
  kafka::Consumer election_;
  kafka::PartitionReader watch_;  // the merge topic's tail: checkpoints, done ones among them
  int64_t watch_next_ = 0;        // the merge topic's offset the watch reads next
  std::optional<std::string> newest_checkpoint_;  // the last one the watch read
  std::optional<std::string> hand_over_;          // the last hand-over it read, and where
  int64_t hand_over_offset_ = -1;
  std::optional<std::map<int32_t, int64_t>> done_positions_;
  bool elected_ = false;  // set by the election's rebalances, acted on in turn()

  // The partials' reader, made at open() so that a take-over while records flow creates no
  // Kafka client; it reads nothing while this member does not merge.
  kafka::PartitionReader reader_;
  // While merging:
  std::optional<scaleout::Merger> merger_;
  std::map<int32_t, int64_t> partials_offsets_;
  int64_t taken_at_ = 0;  // the merge topic's offset the watch read next at the take-over
  bool emitted_since_take_over_ = false;
  int64_t applied_since_checkpoint_ = 0;
  int64_t last_checkpoint_ms_ = 0;
  bool done_written_ = false;
  bool announced_done_ = false;
  kafka::ConsumedBatch batch_;
};

}  // namespace clicklog::job
