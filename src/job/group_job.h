// GroupJob: `clicklog run --scale-out`, one member of a scaled-out group (docs/scale-out.md).
// Each turn it reads a batch of its input partitions, processes the records (bad ones to the
// dead-letter topic) into per-partition partials, publishes them to the group's partials topic
// once they are durable, and runs the merge stage, which emits the group's windows when this
// member is the merger. Positions live in the partials log: a member given a partition starts
// where that partition's last published record ended. Runs on the calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "job/dead_letter.h"
#include "job/merge_stage.h"
#include "job/processor.h"
#include "job/result_sink.h"
#include "job/run_summary.h"
#include "job/top_destinations_job.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "scaleout/member_partials.h"

namespace clicklog::job {

class GroupJob : public kafka::RebalanceListener {
 public:
  // Connects, checks or creates the topics it writes to and joins the merge election.
  static Result<std::unique_ptr<GroupJob>> open(const JobOptions& options, ResultSink& sink,
                                                JobHooks hooks);
  GroupJob(const GroupJob&) = delete;
  GroupJob& operator=(const GroupJob&) = delete;

  Status run();

  // The rebalance listener of the input consumer: positions from the partials log, and a
  // partition's last record published before it goes.
  void prepare(const std::vector<int32_t>& partitions) override;
  std::optional<int64_t> start_offset(int32_t partition) override;
  void on_assigned(const std::vector<int32_t>& partitions) override;
  void on_revoked(const std::vector<int32_t>& partitions) override;

 private:
  GroupJob(const JobOptions& options, ResultSink& sink, JobHooks hooks, kafka::Consumer consumer,
           kafka::Producer producer);

  // Set-up steps of open().
  Status check_topics();
  Status open_merge_stage(int session_timeout_ms, bool embedded);

  // The phases of one turn; false ends the loop (failure_ set, or a bounded run done).
  void read();
  bool process();
  bool publish(bool all_now);
  bool merge();
  bool bounded_run_done();
  Status finish();

  // Sends partials whose saved clicks are durable (the caller ran the store's hook): at once,
  // or, behind dead letters not yet acknowledged, once they are (`wait`: now).
  Status send_partials(std::vector<scaleout::PartialRecord> records, bool wait);
  Status send_now(const std::vector<scaleout::PartialRecord>& records);
  Status emit(const window::WindowResult& result);
  void commit_published_positions();
  bool check_share(size_t held);
  bool idle(int32_t partition) const;
  bool ended(int32_t partition) const { return ended_.count(partition) > 0; }
  // Where an input partition's partial records go: its own partition of the partials topic, or
  // one it shares when that topic has fewer.
  int32_t partials_partition(int32_t input_partition) const {
    return input_partition % partials_partitions_;
  }
  // The key of its partial records, by which a member finds the last one in a shared partition.
  static std::string partials_key(int32_t input_partition) {
    return std::to_string(input_partition);
  }

  const JobOptions options_;
  ResultSink& sink_;
  JobHooks hooks_;
  RunClock clock_;  // the run summary's times
  kafka::Consumer consumer_;
  kafka::Producer producer_;  // dead letters, partials, results and merge checkpoints
  DeadLetterQueue dlq_;
  std::string results_topic_;  // empty: results go to the sink only
  std::string partials_topic_;
  int partials_partitions_ = 1;
  Processor processor_;
  scaleout::MemberPartials partials_;
  std::unique_ptr<MergeStage> merge_;
  std::map<int32_t, int64_t> end_offsets_;  // --until-end: where each partition is done

  // Rebalance bookkeeping.
  std::map<int32_t, scaleout::PartialRecord> last_published_;  // read in prepare()
  std::map<int32_t, int64_t> start_;
  std::set<int32_t> assigned_, ended_;
  // JobOptions::sole_member_because: whether this member held every partition, and since when
  // it holds a share.
  static constexpr int64_t kShareGraceMs = 30'000;
  bool held_every_partition_ = false;
  std::optional<int64_t> share_since_ms_;

  // The turn's working set.
  kafka::ConsumedBatch batch_;
  int64_t now_ms_ = 0;
  int64_t wall_ms_ = 0;
  int64_t last_publish_ms_ = 0;
  bool dead_letters_since_publish_ = false;
  struct Held {
    uint64_t dead_letters_sent;  // DeadLetterQueue::position() when taken
    std::vector<scaleout::PartialRecord> records;
  };
  std::deque<Held> held_;  // oldest first: a partition's records keep their order
  bool ended_since_publish_ = false;
  // Input offsets committed to the group once the partials covering them are acknowledged:
  // for lag tools only, positions come from the partials log.
  uint64_t pending_sequence_ = 0;
  int64_t last_commit_ms_ = 0;
  std::map<int32_t, int64_t> pending_positions_;

  Status failure_;
};

}  // namespace clicklog::job
