#include "job/merge_stage.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "common/metrics.h"
#include "job/embedded_cluster.h"
#include "job/group_topics.h"
#include "job/job_metrics.h"
#include "scaleout/merge_checkpoint.h"
#include "scaleout/partial_record.h"

namespace clicklog::job {
namespace {

constexpr size_t kBatch = 10'000;

metrics::Metric& applied(scaleout::ApplyOutcome outcome) {
  return metrics::counter(
      "clicklog_partials_merged_total",
      "Partial records read by this member as the group's merger, by outcome",
      fmt::format("outcome=\"{}\"",
                  outcome == scaleout::ApplyOutcome::kApplied
                      ? "applied"
                      : (outcome == scaleout::ApplyOutcome::kDuplicate ? "duplicate" : "refused")));
}
metrics::Metric& checkpoints_written() {
  static auto& m = metrics::counter("clicklog_merge_checkpoints_total",
                                    "Checkpoints this member wrote to the merge topic as merger");
  return m;
}
metrics::Metric& merging() {
  static auto& m = metrics::gauge("clicklog_merger", "1 while this member is the group's merger");
  return m;
}
}  // namespace

MergeStage::MergeStage(const MergeStageOptions& options, kafka::Producer& producer, Emit emit,
                       kafka::Consumer election, kafka::PartitionReader watch, int64_t watch_from,
                       kafka::PartitionReader reader)
    : options_(options),
      producer_(producer),
      emit_(std::move(emit)),
      election_(std::move(election)),
      watch_(std::move(watch)),
      watch_next_(watch_from),
      reader_(std::move(reader)) {}

Result<std::unique_ptr<MergeStage>> MergeStage::open(const MergeStageOptions& options,
                                                     kafka::Producer& producer, Emit emit) {
  kafka::ConsumerOptions election;
  election.brokers = options.brokers;
  election.topic = options.merge_topic;
  election.group = options.merge_topic;
  election.connect_timeout_ms = options.timeout_ms;
  election.auto_commit = false;  // nothing of this topic is consumed through the group
  election.report_lag = false;
  election.instance_id = options.instance_id.empty() ? "" : options.instance_id + "-merge";
  election.session_timeout_ms = options.session_timeout_ms;
  if (options.embedded_cluster) {
    election.member_id_file = member_id_file(election.group, election.instance_id);
  }
  election.overrides = options.overrides;
  auto consumer = kafka::Consumer::create(election);
  if (!consumer) return consumer.error();
  // The watch's fetches wait briefly at the tail, so that the offsets request of a take-over
  // (catch_up_watch) is not queued behind a long poll; -X still wins.
  kafka::Properties watch_properties = {{"fetch.wait.max.ms", "50"}};
  watch_properties.insert(watch_properties.end(), options.overrides.begin(),
                          options.overrides.end());
  auto watch = kafka::PartitionReader::create(options.brokers, watch_properties,
                                              options.merge_topic, options.timeout_ms);
  if (!watch) return watch.error();
  auto ranges = watch->ranges(options.timeout_ms);
  if (!ranges) return ranges.error();
  const kafka::PartitionReader::Range tail = (*ranges)[kMergerPartition];
  const int64_t watch_from = tail.high > tail.low ? tail.high - 1 : tail.low;
  if (auto st = watch->assign({{kMergerPartition, watch_from}}); !st) return Error{st.message()};
  auto reader = kafka::PartitionReader::create(options.brokers, options.overrides,
                                               options.partials_topic, options.timeout_ms);
  if (!reader) return reader.error();
  std::unique_ptr<MergeStage> stage(new MergeStage(options, producer, std::move(emit),
                                                   std::move(*consumer), std::move(*watch),
                                                   watch_from, std::move(*reader)));
  stage->election_.set_listener(stage.get());
  return stage;
}

void MergeStage::on_assigned(const std::vector<int32_t>& partitions) {
  for (int32_t p : partitions) {
    if (p == kMergerPartition) elected_ = true;
  }
}

void MergeStage::on_revoked(const std::vector<int32_t>& partitions) {
  for (int32_t p : partitions) {
    if (p == kMergerPartition) elected_ = false;
  }
}

Status MergeStage::turn(int64_t now_ms, bool until_end) {
  batch_.clear();
  election_.poll_batch(batch_, 16, 0);  // the election's heartbeat; its records are not used
  batch_.clear();
  if (elected_ && !merger_) {
    if (auto st = take_over(); !st) return st;
  } else if (!elected_ && merger_) {
    if (auto st = give_up(); !st) return st;
  }
  watch_done();
  if (!merger_) return {};
  if (auto st = adopt_late_hand_over(); !st) return st;
  if (auto st = apply_published(); !st) return st;
  std::vector<window::WindowResult> results;
  merger_->advance(results);
  if (const auto wm = merger_->watermark()) watermark_metric().set(*wm);
  const bool finishing = until_end && !done_written_ && merger_->all_ended();
  if (finishing) merger_->flush(results);
  if (!results.empty() && !emitted_since_take_over_) {
    // The first windows of this merger: none may go out without a hand-over written meanwhile.
    if (auto st = catch_up_watch(); !st) return st;
    if (hand_over_offset_ >= taken_at_) return adopt_late_hand_over();
    emitted_since_take_over_ = true;
  }
  if (auto st = emit_all(results); !st) return st;
  if (finishing) {
    if (!announced_done_) {
      log::info("every input partition ended and every window is emitted: the group is done");
      announced_done_ = true;
    }
    return write_checkpoint(true);
  }
  // Right after an emission, so that a new merger re-emits as few windows as it can.
  if (!results.empty()) return write_checkpoint(false);
  if (applied_since_checkpoint_ > 0 &&
      now_ms - last_checkpoint_ms_ >= options_.checkpoint_interval_ms) {
    last_checkpoint_ms_ = now_ms;
    return write_checkpoint(false);
  }
  return {};
}

// The newest checkpoint of the merge topic, or a fresh merger reading the partials from their
// beginning: the log it replays is fixed once written, so windows come out as they did before.
Status MergeStage::take_over() {
  if (auto st = catch_up_watch(); !st) return st;
  return start_merging(newest_checkpoint_, "its newest checkpoint");
}

// A process that read alone wrote its hand-over after this merger took over (the election of a
// member that joined it can be that quick): the group starts from that state, so the merger
// starts again from it. Before its first emission, nothing this merger did is lost.
Status MergeStage::adopt_late_hand_over() {
  if (hand_over_offset_ < taken_at_) return {};
  log::info("a process that read alone handed its state over to the group: merging from it");
  return start_merging(hand_over_, "the state handed over");
}

Status MergeStage::start_merging(const std::optional<std::string>& checkpoint_value,
                                 std::string_view what) {
  taken_at_ = watch_next_;
  emitted_since_take_over_ = false;
  merger_.emplace(options_.merger);
  partials_offsets_.clear();
  done_written_ = false;
  std::string from = "the beginning of the partials";
  if (checkpoint_value) {
    auto checkpoint = scaleout::decode_merge_checkpoint(*checkpoint_value);
    if (!checkpoint) {
      return Error{fmt::format("merge topic {}: the newest checkpoint is unreadable: {}",
                               options_.merge_topic, checkpoint.error().message)};
    }
    if (auto st = merger_->restore(checkpoint->merger); !st) {
      return Error{fmt::format("merge topic {}: the newest checkpoint does not fit this job: {}",
                               options_.merge_topic, st.message())};
    }
    partials_offsets_ = checkpoint->partials_offsets;
    done_written_ = checkpoint->done;
    from = std::string(what);
  }
  std::map<int32_t, int64_t> start;
  for (int32_t p = 0; p < reader_.partitions(); ++p) {
    const auto it = partials_offsets_.find(p);
    start[p] = it != partials_offsets_.end() ? it->second : kafka::PartitionReader::kBeginning;
  }
  if (auto st = reader_.assign(start); !st) {
    merger_.reset();
    return st;
  }
  merging().set(1);
  log::info("this member merges the group's partials ({}), from {}", options_.partials_topic, from);
  return {};
}

// Another member merges from its newest checkpoint, which includes what this one applied.
Status MergeStage::give_up() {
  log::info("this member no longer merges the group's partials");
  merger_.reset();
  merging().set(0);
  return reader_.assign({});
}

Result<std::map<int32_t, int64_t>> MergeStage::newest_input_positions() {
  if (auto st = catch_up_watch(); !st) return Error{st.message()};
  std::map<int32_t, int64_t> positions;
  for (const auto& value : {hand_over_, newest_checkpoint_}) {
    if (!value) continue;
    auto checkpoint = scaleout::decode_merge_checkpoint(*value);
    if (!checkpoint) {
      return Error{fmt::format("{}: a checkpoint is unreadable: {}", options_.merge_topic,
                               checkpoint.error().message)};
    }
    for (const auto& [p, at] : checkpoint->input_positions) {
      positions[p] = std::max(positions[p], at);
    }
  }
  return positions;
}

// The watch has read the merge topic since open(); once it has read up to the topic's end as
// of now, the last record it read is the newest checkpoint (a previous merger's, possibly
// written a moment ago). One offsets request on a client already connected, instead of a new
// client mid-flow.
Status MergeStage::catch_up_watch() {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  auto range = watch_.range(kMergerPartition, options_.timeout_ms);
  if (!range) {
    return Error{fmt::format("merge topic {}: {}", options_.merge_topic, range.error().message)};
  }
  const int64_t end = range->high;
  while (watch_next_ < end) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Error{
          fmt::format("merge topic {}: its newest checkpoint (offset {}) not read within {} ms",
                      options_.merge_topic, end - 1, options_.timeout_ms)};
    }
    watch_done(100);
  }
  return {};
}

Status MergeStage::apply_published() {
  batch_.clear();
  reader_.poll_batch(batch_, kBatch, 0);
  for (const kafka::Consumed& c : batch_.items()) {
    if (c.kind == kafka::Consumed::Kind::kError) {
      if (c.fatal)
        return Error{fmt::format("partials topic {}: {}", options_.partials_topic, c.value)};
      log::warn("partials topic {}: {}", options_.partials_topic, c.value);
      continue;
    }
    if (c.kind != kafka::Consumed::Kind::kRecord) continue;
    partials_offsets_[c.partition] = c.offset + 1;
    auto record = scaleout::decode_partial(c.value);
    if (!record) {
      log::warn("partials topic {} partition {} offset {}: {}", options_.partials_topic,
                c.partition, c.offset, record.error().message);
      continue;
    }
    const auto outcome = merger_->apply(*record);
    applied(outcome).add();
    if (outcome == scaleout::ApplyOutcome::kApplied) {
      ++applied_since_checkpoint_;
      done_written_ = false;  // news after a done: the next bounded run ends with its own
    } else if (outcome != scaleout::ApplyOutcome::kDuplicate) {
      log::warn("partial record of input partition {} [{}, {}) not merged: {}",
                record->input_partition, record->from_offset, record->to_offset,
                scaleout::to_string(outcome));
    }
  }
  batch_.clear();
  return {};
}

Status MergeStage::emit_all(const std::vector<window::WindowResult>& results) {
  for (const auto& r : results) {
    if (auto st = emit_(r); !st) return st;
  }
  windows_emitted_metric().add(static_cast<int64_t>(results.size()));
  return {};
}

Status MergeStage::write_checkpoint(bool done) {
  scaleout::MergeCheckpoint c;
  c.partials_offsets = partials_offsets_;
  c.merger = merger_->save();
  c.done = done;
  for (int32_t p = 0; p < options_.merger.input_partitions; ++p) {
    if (const auto at = merger_->position(p)) c.input_positions[p] = *at;
  }
  const std::string value = scaleout::encode(c);
  if (auto st =
          producer_.send(options_.merge_topic, kMergeCheckpointKey, value, {}, kMergerPartition);
      !st) {
    return Error{fmt::format("merge topic {}: {}", options_.merge_topic, st.message())};
  }
  checkpoints_written().add();
  state_bytes_metric("merge").set(static_cast<int64_t>(value.size()));
  applied_since_checkpoint_ = 0;
  if (done) done_written_ = true;
  return {};
}

void MergeStage::watch_done(int timeout_ms) {
  batch_.clear();
  watch_.poll_batch(batch_, 64, timeout_ms);
  for (const kafka::Consumed& c : batch_.items()) {
    if (c.kind == kafka::Consumed::Kind::kPartitionEnd)
      watch_next_ = std::max(watch_next_, c.offset);
    if (c.kind != kafka::Consumed::Kind::kRecord) continue;
    watch_next_ = std::max(watch_next_, c.offset + 1);
    newest_checkpoint_ = std::string(c.value);
    if (c.key && *c.key == kHandOverKey) {
      hand_over_ = newest_checkpoint_;
      hand_over_offset_ = c.offset;
    }
    auto checkpoint = scaleout::decode_merge_checkpoint(c.value);
    if (checkpoint && checkpoint->done) done_positions_ = checkpoint->input_positions;
  }
  batch_.clear();
}

bool MergeStage::done_covering(const std::map<int32_t, int64_t>& ends) {
  if (!done_positions_) return false;
  for (const auto& [p, end] : ends) {
    const auto it = done_positions_->find(p);
    if (end > 0 && (it == done_positions_->end() || it->second < end)) return false;
  }
  return true;
}

Status MergeStage::close() {
  merger_.reset();
  return election_.close();
}

}  // namespace clicklog::job
