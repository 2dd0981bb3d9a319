// Assignment: keeps the processor's partitions, the bounded-run bookkeeping and, with
// checkpoints, the start offset of each assigned partition in step with the group's
// rebalances. Called on the job's consumer thread from inside Consumer::poll_batch().
#pragma once

#include <functional>
#include <set>

#include "common/log.h"
#include "job/checkpointer.h"
#include "job/processor.h"
#include "kafka/consumer.h"

namespace clicklog::job {

class Assignment : public kafka::RebalanceListener {
 public:
  // `topic_partitions`: how many the topic has, to tell a member that holds only some.
  // `forms_group`: JobOptions::may_form_group, for what it says of a share. `before_revoke`:
  // called while every partition is still held, before a revocation takes any.
  Assignment(Processor& processor, const Checkpointer* checkpointer, int64_t (*now_ms)(),
             int topic_partitions, bool forms_group, std::function<void()> before_revoke)
      : processor_(processor),
        checkpointer_(checkpointer),
        now_ms_(now_ms),
        topic_partitions_(topic_partitions),
        forms_group_(forms_group),
        before_revoke_(std::move(before_revoke)) {}

  void on_assigned(const std::vector<int32_t>& partitions) override {
    got_assignment = true;
    ++assignments_;
    for (int32_t p : partitions) assigned.insert(p);
    processor_.assign(partitions, now_ms_());
    // Without --scale-out a member's windows hold only its own partitions' searches: they wait
    // until it reads every partition again, so that a share never passes for the answer.
    if (holds_share() && forms_group_) {
      log::info(
          "this process reads {} of the topic's {} partitions: another process reads the rest",
          assigned.size(), topic_partitions_);
    } else if (holds_share()) {
      log::warn(
          "this member reads {} of the topic's {} partitions: another process reads the rest, "
          "and its windows wait until this one reads them all (its state cannot move to a "
          "scaled-out group: a store local to it, or user aggregations; docs/scale-out.md)",
          assigned.size(), topic_partitions_);
    }
  }
  // Some but not all the topic's partitions: another member of the group reads the rest. None
  // is no share: between a revoke and the next assignment, or in a group with more members
  // than partitions, nothing is read and no window can pass the watermark.
  bool holds_share() const {
    return !assigned.empty() && static_cast<int>(assigned.size()) < topic_partitions_;
  }
  bool holds_all() const { return static_cast<int>(assigned.size()) == topic_partitions_; }
  int topic_partitions() const { return topic_partitions_; }
  int assignments() const { return assignments_; }
  void on_revoked(const std::vector<int32_t>& partitions) override {
    if (before_revoke_) before_revoke_();
    for (int32_t p : partitions) {
      assigned.erase(p);
      done.erase(p);
    }
    processor_.revoke(partitions);
  }
  // The job's own position: its window state holds exactly the records before it.
  std::optional<int64_t> start_offset(int32_t partition) override {
    return checkpointer_ ? checkpointer_->position(partition) : std::nullopt;
  }
  void mark_done(int32_t p) {
    if (done.insert(p).second) processor_.finish(p);
  }
  bool all_done() const {
    if (!got_assignment) return false;
    for (int32_t p : assigned)
      if (!done.count(p)) return false;
    return true;
  }

  bool got_assignment = false;
  std::set<int32_t> assigned;
  std::set<int32_t> done;

 private:
  Processor& processor_;
  const Checkpointer* checkpointer_;
  int64_t (*now_ms_)();
  int topic_partitions_;
  bool forms_group_;
  std::function<void()> before_revoke_;
  int assignments_ = 0;
};

}  // namespace clicklog::job
