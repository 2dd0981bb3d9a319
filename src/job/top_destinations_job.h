// The streaming job behind `clicklog run`: consume the topic with a consumer group, process each
// record (job/processor.h), dead-letter bad ones, emit windows to a sink, store offsets once a
// batch is fully handled, and, with --until-end, stop at the end offsets seen at start after
// emitting every window that holds data. With checkpoints (job/checkpointer.h) a restarted job
// resumes exactly where its last checkpoint left off; windows may also be published to a
// results topic. Runs on the calling thread until done or shutdown; its phases are in
// job/streaming_job.h.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "job/checkpointer.h"
#include "job/processor.h"
#include "job/result_sink.h"
#include "job/time_source.h"
#include "job/user_windows.h"
#include "kafka/consumer.h"

namespace clicklog::job {

struct JobOptions {
  kafka::ConsumerOptions consumer;
  ProcessorOptions processor;
  bool until_end = false;
  std::string dlq_topic = "clicklog-dlq";
  size_t batch_size = 10'000;
  bool summary = true;           // print the run summary on stderr at the end of a bounded run
  CheckpointOptions checkpoint;  // interval 0: none
  // Each window also goes here (key: window end, RFC 3339; value: its JSON line); empty: none.
  std::string results_topic;
  // When false, a results topic that does not exist only earns a warning (the default topic).
  bool results_topic_required = false;
  // With checkpoints, a copy of each one goes here (job/state_topic.h) and a job starting
  // without a newer local one resumes from it; empty: none.
  std::string state_topic;
  bool state_topic_required = false;  // as results_topic_required
  // --scale-out: a member of a group whose members merge their partials into one answer
  // (job/group_job.h); partials are published at most this often.
  bool scale_out = false;
  int64_t publish_interval_ms = 200;
  // With scale_out: when not empty, why this member must read every input partition (a store
  // local to it); given a share of them, it stops with this reason before reading any.
  std::string sole_member_because;
  // Without scale_out: a job that finds another process in its group becomes a member of the
  // scaled-out group with it, handing over what it read alone (job/hand_over.h), and one that
  // starts in a group that formed before is a member from the start. When false (its state
  // cannot move: a store local to it, user aggregations), a job holding a share of the
  // partitions holds its windows back instead.
  bool may_form_group = true;
  // The wall clock of the ceiling on event time (ProcessorOptions::guards); tests set their own.
  int64_t (*wall_clock_ms)() = &wall_now_ms;
};

// Extension points for what else the job does with the records it reads.
struct JobHooks {
  EventObserver on_event;
  // Called before offsets are stored for a batch: e.g. make saved clicks durable. An error
  // stops the job without storing the batch's offsets.
  std::function<Status()> before_offsets;
  // Called by a --scale-out member when partitions are assigned to it or taken from it, before
  // any record of an assigned partition: e.g. reload the users of partitions another member
  // held. An error from on_assigned stops the job.
  std::function<Status(const std::vector<int32_t>&)> on_assigned;
  std::function<void(const std::vector<int32_t>&)> on_revoked;
  // Aggregations of the library's users beside the top N (job/user_windows.h); not with
  // scale_out.
  std::vector<UserWindows*> user_windows;
};

Status run_top_destinations(const JobOptions& options, ResultSink& sink, JobHooks hooks = {});

}  // namespace clicklog::job
