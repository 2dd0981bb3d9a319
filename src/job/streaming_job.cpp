// StreamingJob's phases: one turn of read, process, make durable, emit and checkpoint, and the
// finish after the last turn.
#include "job/streaming_job.h"

#include <fmt/format.h>

#include "common/log.h"
#include "common/shutdown.h"
#include "common/time_format.h"
#include "job/hand_over.h"
#include "job/output_topics.h"
#include "job/run_summary.h"
#include "job/time_source.h"

namespace clicklog::job {

Status StreamingJob::run() {
  while (!shutdown_requested()) {
    read();
    if (joining_group()) break;
    if (!process() || !make_durable() || !emit_windows() || !checkpoint_if_due()) break;
  }
  return joins_group_ ? leave_for_group() : finish();
}

// Another process in the group (JobOptions::may_form_group): this job goes on as a member of
// the scaled-out group they form, once its state is safe there. It hands its state over when a
// rebalance takes the partitions it read alone (before_revoke): the rebalance completes only after
// this job rejoins, so every member is assigned partitions after the hand-over is written. Given
// a share, a job that holds no state, or whose group formed already, goes on as a member too;
// one holding state the group does not have holds its windows back (emit_windows).
bool StreamingJob::joining_group() {
  if (!options_.may_form_group) return false;
  if (!failure_.ok() || joins_group_) return true;
  if (handed_over_) {
    joins_group_ = true;
  } else if (assignment_->holds_share() && assignment_->assignments() != share_checked_) {
    share_checked_ = assignment_->assignments();  // one look at the merge topic per assignment
    joins_group_ = positions_.empty() || group_has_formed(options_);
    if (joins_group_) {
      log::info("they form a scaled-out group: this process goes on as a member of it");
    } else {
      log::warn(
          "this process holds window state that group {} has not got: its windows wait until "
          "it reads every partition again, or until the group forms (docs/scale-out.md)",
          options_.consumer.group);
    }
  }
  return joins_group_;
}

// Inside the poll: the previous turn made everything it read durable.
void StreamingJob::before_revoke() {
  if (!options_.may_form_group || closing_ || handed_over_ || !assignment_->holds_all()) return;
  if (auto st = hand_over_state(); !st) {
    log::warn("{}; this process holds its windows back while it holds a share", st.message());
    return;
  }
  handed_over_ = true;
}

// The window state holds exactly the records before positions_: the previous turn made them
// durable, and this turn's batch is not processed.
Status StreamingJob::hand_over_state() {
  if (auto st = drain("before handing the state over"); !st) return st;
  if (unacknowledged_at_stop_) return Error{"stopped before the dead letters were acknowledged"};
  processor_.merge_partials();
  AloneState state;
  state.engine = processor_.engine().save();
  state.input_partitions = consumer_.partitions();
  const auto& watermarks = processor_.watermarks();
  for (const auto& [p, position] : positions_) {
    state.inputs[p] = {position, watermarks.max_event_ms(p), watermarks.idle(p, now_ms_)};
  }
  if (auto st = hand_over(options_, producer_, state); !st) {
    return Error{fmt::format("handing the state over to group {}: {}", options_.consumer.group,
                             st.message())};
  }
  log::info(
      "group {} rebalances: this process handed the windows of the {} partition(s) it read over "
      "to the group and goes on as a member of it (docs/scale-out.md)",
      options_.consumer.group, state.inputs.size());
  return {};
}

// The group's state is in its topics now, or this job never held any of it: no checkpoint and
// no commit, which would only say what this job read.
Status StreamingJob::leave_for_group() {
  batch_.clear();
  if (failure_.ok()) {
    if (auto st = producer_.flush(options_.consumer.connect_timeout_ms); !st) failure_ = st;
  }
  closing_ = true;
  if (auto st = consumer_.close(); !st && failure_.ok()) failure_ = st;
  return failure_;
}

void StreamingJob::read() {
  batch_.clear();
  consumer_.poll_batch(batch_, options_.batch_size, 100);
  now_ms_ = steady_now_ms();
  wall_ms_ = options_.wall_clock_ms();
  if (batch_.empty()) return;
  clock_.saw_records();
}

bool StreamingJob::process() {
  using Kind = kafka::Consumed::Kind;
  next_offsets_.clear();
  // Runs of one partition are the norm in a batch: one map update per run, not per record.
  int32_t run_partition = -1;
  int64_t run_next = 0, run_end = INT64_MAX;
  const auto end_run = [&] {
    if (run_partition >= 0) next_offsets_[run_partition] = run_next;
  };
  for (const kafka::Consumed& item : batch_.items()) {
    const int32_t p = item.partition;
    if (item.kind == Kind::kPartitionEnd) {
      if (options_.until_end && item.offset >= end_offset(p)) assignment_->mark_done(p);
      continue;
    }
    if (item.kind == Kind::kError) {
      const std::string what = fmt::format("consumer: {}", item.value);
      if (item.fatal) {
        failure_ = Error{what};
        return false;
      }
      log::warn("{}", what);
      continue;
    }
    const std::span<const uint8_t> value(reinterpret_cast<const uint8_t*>(item.value.data()),
                                         item.value.size());
    if (auto reason = processor_.process(p, item.offset, value, now_ms_, wall_ms_)) {
      if (auto st = dlq_.forward(item.key, item.value, *reason, p, item.offset); !st) {
        failure_ = Error{fmt::format("dead-letter topic {}: {}", dlq_.topic(), st.message())};
        return false;
      }
    }
    if (p != run_partition) {
      end_run();
      run_partition = p;
      run_end = options_.until_end ? end_offset(p) : INT64_MAX;
    }
    run_next = item.offset + 1;
    if (run_next >= run_end) assignment_->mark_done(p);
  }
  end_run();
  return true;
}

bool StreamingJob::make_durable() {
  if (hooks_.before_offsets) {
    if (auto st = hooks_.before_offsets(); !st) {
      failure_ = st;
      return false;
    }
  }
  // Offsets of a batch are stored once every bad record up to it is in the dead-letter topic.
  for (const auto& [p, o] : next_offsets_) positions_[p] = o;
  if (checkpointer_) {
    for (const auto& [p, o] : next_offsets_) checkpointer_->advanced(p, o);
  } else {
    offsets_.hold(next_offsets_);
  }
  if (dlq_.failed()) {
    failure_ =
        Error{fmt::format("dead-letter topic {}: a record could not be delivered", dlq_.topic())};
    return false;
  }
  offsets_.store_confirmed();
  return true;
}

bool StreamingJob::emit_windows() {
  // A share of the partitions gives windows of that share only: none is emitted until this
  // member reads every partition again (the others' member leaves, or this one ends).
  if (assignment_->holds_share()) {
    if (!checkpointer_) {
      // Partitions given back resume at the group's offsets, which the other member moved: the
      // windows held back would miss what it read.
      failure_ = share_refused(
          "without checkpoints (--checkpoint-interval 0) it cannot hold its windows back");
      return false;
    }
    if (options_.until_end && assignment_->all_done()) {
      failure_ = share_refused(
          "it read its share to the end, and windows of a share are not emitted: they would "
          "count only those partitions");
      return false;
    }
    return true;
  }
  processor_.advance(now_ms_, results_);
  for (const auto& r : results_) emit(r);
  results_.clear();
  if (options_.until_end && assignment_->all_done()) {
    processor_.flush(results_);
    for (const auto& r : results_) emit(r);
    results_.clear();
    return false;
  }
  return failure_.ok();
}

Error StreamingJob::share_refused(std::string_view why) const {
  return Error{fmt::format(
      "this member reads {} of the {} partitions of {} while another member of group {} reads "
      "the rest: {} (docs/scale-out.md)",
      assignment_->assigned.size(), assignment_->topic_partitions(), options_.consumer.topic,
      options_.consumer.group, why)};
}

void StreamingJob::emit(const window::WindowResult& r) {
  if (checkpointer_ && !checkpointer_->first_emission(r.end_ms)) return;
  sink_.write(r);
  if (!results_topic_.empty()) {
    if (auto st = send_result(producer_, results_topic_, r); !st) failure_ = st;
  }
  if (checkpointer_) checkpointer_->emitted(r.end_ms);
}

bool StreamingJob::checkpoint_if_due() {
  if (!checkpointer_ || !checkpointer_->due(now_ms_)) return true;
  if (auto st = checkpoint(now_ms_, false); !st) {
    failure_ = st;
    return false;
  }
  return true;
}

// A stop requested while waiting ends the wait: nothing more is then checkpointed or committed,
// which is no failure (the last checkpoint stands and the next run replays what followed it,
// identically: what a crash would leave). Only a delivery that failed for good is one.
Status StreamingJob::drain(std::string_view before) {
  if (auto st = dlq_.drain([] { return shutdown_requested(); }); !st) {
    // drain() gives up only on a failed delivery or a stop.
    if (dlq_.failed()) return Error{fmt::format("{}: {}", before, st.message())};
    unacknowledged_at_stop_ = true;
  }
  return {};
}

// Dead letters and published results first, then the state with its offsets, then the group.
Status StreamingJob::checkpoint(int64_t now_ms, bool last) {
  if (auto st = drain("before a checkpoint"); !st || unacknowledged_at_stop_) return st;
  const bool sole_member = static_cast<int>(assignment_->assigned.size()) == consumer_.partitions();
  processor_.merge_partials();  // a checkpoint holds every record before its offsets
  if (auto st = checkpointer_->save(processor_, now_ms, sole_member); !st) return st;
  if (last && state_topic_) {
    if (auto st = producer_.flush(options_.consumer.connect_timeout_ms); !st) {
      log::warn(
          "state topic {}: the last checkpoint may not be published ({}); this machine "
          "has it",
          state_topic_->topic(), st.message());
    }
  }
  std::map<int32_t, int64_t> owned;
  for (const auto& [p, o] : checkpointer_->positions()) {
    if (assignment_->assigned.count(p)) owned[p] = o;  // never overwrite another member's
  }
  if (auto st = consumer_.commit(owned, /*async*/ !last); !st) {
    if (last) return st;
    log::warn("{}", st.message());
  }
  return {};
}

Status StreamingJob::finish() {
  batch_.clear();  // messages must go before the consumer closes
  if (failure_.ok() && !unacknowledged_at_stop_) {
    if (auto st = drain(fmt::format("dead-letter topic {}", dlq_.topic())); !st) failure_ = st;
  }
  if (failure_.ok() && checkpointer_ && !unacknowledged_at_stop_) {
    if (auto st = checkpoint(steady_now_ms(), true); !st) {
      failure_ = st;
    } else if (!unacknowledged_at_stop_) {
      log::info("checkpoint #{} saved in {}; {}", checkpointer_->saved(), checkpointer_->dir(),
                checkpointer_->cost());
    }
  } else if (failure_.ok() && !checkpointer_) {
    offsets_.store_confirmed();
    if (auto st = consumer_.commit_sync(); !st) failure_ = st;
  }
  if (failure_.ok() && unacknowledged_at_stop_) {
    log::warn(
        "stopping before Kafka acknowledged {} record(s) (dead letters, results): {}; "
        "the next run replays what followed, identically",
        producer_.queued(),
        checkpointer_ ? fmt::format("no final checkpoint, the last is #{}", checkpointer_->saved())
                      : std::string("no offset past them is committed"));
  }
  closing_ = true;  // the revocation of close() is no rebalance
  if (auto st = consumer_.close(); !st && failure_.ok()) failure_ = st;
  if (options_.summary && (options_.until_end || shutdown_requested())) {
    print_run_summary(clock_.elapsed_seconds(), clock_.flowing_seconds());
  }
  return failure_;
}

}  // namespace clicklog::job
