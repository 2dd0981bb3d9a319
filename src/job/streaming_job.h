// StreamingJob: `clicklog run` as named phases, after Kafka Streams' StreamThread.runOnce. One
// turn reads a batch, processes its records (bad ones to the dead-letter topic), makes them
// durable (the store's hook, then offsets), emits the windows the watermark passed, and takes a
// checkpoint when one is due; finish() drains, checkpoints and commits once more at the end.
// open() does everything that can fail before the first record. Runs on the calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "job/assignment.h"
#include "job/checkpointer.h"
#include "job/dead_letter.h"
#include "job/offset_release.h"
#include "job/processor.h"
#include "job/result_sink.h"
#include "job/run_summary.h"
#include "job/state_topic.h"
#include "job/top_destinations_job.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"

namespace clicklog::job {

class StreamingJob {
 public:
  // Connects to Kafka, checks the topics it writes to and restores the last checkpoint. With
  // `group_formed`: when the job may form a group and its group formed before (job/hand_over.h),
  // sets it and returns no job: the process is a member instead.
  static Result<std::unique_ptr<StreamingJob>> open(const JobOptions& options, ResultSink& sink,
                                                    JobHooks hooks, bool* group_formed = nullptr);
  StreamingJob(const StreamingJob&) = delete;
  StreamingJob& operator=(const StreamingJob&) = delete;

  // Turns until a bounded run is done, a stop is requested, something fails or the job joins a
  // group (below); then finishes.
  Status run();
  // After run(): another process joined the group (JobOptions::may_form_group), so this one
  // stopped to go on as a member of the scaled-out group (GroupJob), having handed over what it
  // read alone if it read every partition.
  bool joins_group() const { return joins_group_; }

 private:
  StreamingJob(const JobOptions& options, ResultSink& sink, JobHooks hooks,
               kafka::Consumer consumer, kafka::Producer producer);

  // Set-up steps of open().
  Status check_output_topics();
  Status read_end_offsets();
  Status restore_checkpoint();

  // The phases of one turn; each returns false (with failure_ set, or nothing left to do) to
  // end the loop.
  void read();
  bool process();
  bool make_durable();
  bool emit_windows();
  bool checkpoint_if_due();
  // After the loop: the last drain, checkpoint or commit, leaving the group, the summary.
  Status finish();
  // Forming a group (JobOptions::may_form_group, job/hand_over.h).
  bool joining_group();
  void before_revoke();
  Status hand_over_state();
  Status leave_for_group();

  void emit(const window::WindowResult& result);
  // Why a member holding a share of the partitions stops (`why`), in one line.
  Error share_refused(std::string_view why) const;
  // Waits until Kafka has acknowledged every dead letter and result sent so far.
  Status drain(std::string_view before);
  Status checkpoint(int64_t now_ms, bool last);
  int64_t end_offset(int32_t partition) { return end_offsets_[partition]; }

  const JobOptions options_;
  ResultSink& sink_;
  JobHooks hooks_;
  RunClock clock_;  // the run summary's times
  kafka::Consumer consumer_;
  // One producer for dead letters and results: draining it makes both durable at a checkpoint.
  kafka::Producer producer_;
  DeadLetterQueue dlq_;
  std::string results_topic_;  // empty: results go to the sink only
  std::optional<StateTopic> state_topic_;
  std::map<int32_t, int64_t> end_offsets_;  // --until-end: where each partition is done
  Processor processor_;
  std::optional<Checkpointer> checkpointer_;
  std::optional<Assignment> assignment_;
  OffsetRelease offsets_;  // without checkpoints

  // The turn's working set.
  kafka::ConsumedBatch batch_;
  int64_t now_ms_ = 0;
  int64_t wall_ms_ = 0;                      // read once a batch: the guards need no finer clock
  std::map<int32_t, int64_t> next_offsets_;  // per partition, after the batch's last record
  std::vector<window::WindowResult> results_;

  // Per partition, the next offset after the records the window state holds.
  std::map<int32_t, int64_t> positions_;
  bool joins_group_ = false;
  bool handed_over_ = false;
  int share_checked_ = 0;  // Assignment::assignments() when a share was last looked at
  bool closing_ = false;   // the revocation of close() is no rebalance

  Status failure_;
  // A stop came while Kafka still held unacknowledged dead letters or results: nothing more is
  // checkpointed or committed (the last checkpoint stands, as after a crash).
  bool unacknowledged_at_stop_ = false;
};

}  // namespace clicklog::job
