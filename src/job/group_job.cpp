// GroupJob's set-up, its rebalance listener and its phases.
#include "job/group_job.h"

#include <fmt/format.h>

#include "common/log.h"
#include "common/metrics.h"
#include "common/shutdown.h"
#include "job/embedded_cluster.h"
#include "job/group_topics.h"
#include "job/job_metrics.h"
#include "job/output_topics.h"
#include "job/run_summary.h"
#include "job/time_source.h"
#include "kafka/partition_reader.h"

namespace clicklog::job {
namespace {

metrics::Metric& published() {
  static auto& m = metrics::counter("clicklog_partials_published_total",
                                    "Partial records this member published to the partials topic");
  return m;
}
metrics::Metric& published_bytes() {
  static auto& m = metrics::counter("clicklog_partials_published_bytes_total",
                                    "Bytes of the partial records this member published");
  return m;
}
metrics::Metric& assigned_gauge() {
  static auto& m =
      metrics::gauge("clicklog_assigned_partitions", "Input partitions this member reads");
  return m;
}

}  // namespace

GroupJob::GroupJob(const JobOptions& options, ResultSink& sink, JobHooks hooks,
                   kafka::Consumer consumer, kafka::Producer producer)
    : options_(options),
      sink_(sink),
      hooks_(std::move(hooks)),
      consumer_(std::move(consumer)),
      producer_(std::move(producer)),
      dlq_(producer_, options.dlq_topic, options.consumer.topic),
      partials_topic_(partials_topic_of(options.consumer.group)),
      processor_(options.processor),
      partials_(options.processor.window.slide_ms) {
  processor_.set_observer(hooks_.on_event);
  processor_.count_into(&partials_);
}

Result<std::unique_ptr<GroupJob>> GroupJob::open(const JobOptions& options, ResultSink& sink,
                                                 JobHooks hooks) {
  auto producer = kafka::Producer::create(options.consumer.brokers, options.consumer.overrides,
                                          options.consumer.connect_timeout_ms);
  if (!producer) return producer.error();
  kafka::ConsumerOptions consumer_options = options.consumer;
  consumer_options.auto_commit = false;  // positions live in the partials log
  // As a single job's: the next batch is taken off librdkafka's queue while this one is
  // processed; a record polled before a rebalance that moved its partition is dropped by
  // MemberPartials::fresh(), as one librdkafka queued before it would be.
  consumer_options.poll_ahead = true;
  const bool embedded = fit_to_embedded_cluster(
      producer->cluster_id(options.consumer.connect_timeout_ms), consumer_options);
  auto consumer = kafka::Consumer::create(consumer_options);
  if (!consumer) return consumer.error();
  std::unique_ptr<GroupJob> job(
      new GroupJob(options, sink, std::move(hooks), std::move(*consumer), std::move(*producer)));
  if (auto st = job->check_topics(); !st) return Error{st.message()};
  if (options.until_end) {
    auto ends = job->consumer_.end_offsets(options.consumer.connect_timeout_ms);
    if (!ends) return ends.error();
    job->end_offsets_ = std::move(*ends);
  }
  if (auto st = job->open_merge_stage(consumer_options.session_timeout_ms, embedded); !st) {
    return Error{st.message()};
  }
  job->consumer_.set_listener(job.get());
  log::info("member of scaled-out group {}: partials in {}, merger elected in {}",
            options.consumer.group, job->partials_topic_, merge_topic_of(options.consumer.group));
  return job;
}

Status GroupJob::check_topics() {
  const int timeout_ms = options_.consumer.connect_timeout_ms;
  if (auto st = check_dlq_topic(producer_, options_.dlq_topic, timeout_ms); !st) return st;
  auto results =
      optional_topic(options_.results_topic, options_.results_topic_required, "--results-topic",
                     "results go to stdout only", timeout_ms, producer_);
  if (!results) return results.error();
  results_topic_ = std::move(*results);
  auto partials = ensure_topic(options_, producer_, partials_topic_, consumer_.partitions());
  if (!partials) return Error{partials.error().message};
  partials_partitions_ = *partials;
  if (partials_partitions_ < consumer_.partitions()) {
    log::info("{} has {} partition(s) for {} input partitions: several input partitions share one",
              partials_topic_, partials_partitions_, consumer_.partitions());
  }
  auto merge = ensure_topic(options_, producer_, merge_topic_of(options_.consumer.group), 1);
  if (!merge) return Error{merge.error().message};
  return {};
}

Status GroupJob::open_merge_stage(int session_timeout_ms, bool embedded) {
  MergeStageOptions o;
  o.brokers = options_.consumer.brokers;
  o.overrides = options_.consumer.overrides;
  o.timeout_ms = options_.consumer.connect_timeout_ms;
  o.partials_topic = partials_topic_;
  o.merge_topic = merge_topic_of(options_.consumer.group);
  o.instance_id = options_.consumer.instance_id;
  o.session_timeout_ms = session_timeout_ms;  // the input consumer's, as open() chose it
  o.embedded_cluster = embedded;
  o.merger = scaleout::MergerOptions{options_.processor.window, options_.processor.lateness_ms,
                                     consumer_.partitions()};
  auto stage =
      MergeStage::open(o, producer_, [this](const window::WindowResult& r) { return emit(r); });
  if (!stage) return stage.error();
  merge_ = std::move(*stage);
  return {};
}

// --- the rebalance listener ------------------------------------------------------------------

void GroupJob::prepare(const std::vector<int32_t>& partitions) {
  const int timeout_ms = options_.consumer.connect_timeout_ms;
  last_published_.clear();
  start_.clear();
  std::map<int32_t, std::set<std::string>> keys;  // by partials partition
  for (int32_t p : partitions) keys[partials_partition(p)].insert(partials_key(p));
  auto last = kafka::read_last_values(options_.consumer.brokers, options_.consumer.overrides,
                                      partials_topic_, keys, timeout_ms);
  if (!last) {
    failure_ = Error{fmt::format("partials topic {}: {}", partials_topic_, last.error().message)};
    return;
  }
  for (int32_t p : partitions) {
    const auto it = last->find(partials_key(p));
    if (it == last->end()) continue;
    auto record = scaleout::decode_partial(it->second);
    if (record && record->input_partition == p) last_published_.emplace(p, std::move(*record));
  }
  // The merge topic's newest checkpoint may start a partition further on: the state a job that
  // read alone handed over when the group formed (job/hand_over.h).
  auto merged = merge_->newest_input_positions();
  if (!merged) {
    failure_ = Error{fmt::format("merge topic: {}", merged.error().message)};
    return;
  }
  std::vector<int32_t> unpublished;
  for (int32_t p : partitions) {
    const auto handed = merged->find(p);
    const auto it = last_published_.find(p);
    if (handed != merged->end() &&
        (it == last_published_.end() || it->second.to_offset < handed->second)) {
      start_[p] = handed->second;
      last_published_.erase(p);
    } else if (it != last_published_.end()) {
      start_[p] = it->second.to_offset;
    } else {
      unpublished.push_back(p);
    }
  }
  if (unpublished.empty()) return;
  // A partition never published starts where a single job would: the group's committed
  // offset, else the first or the next offset as --from-beginning says.
  auto committed = consumer_.committed(timeout_ms);
  auto fallback = options_.consumer.from_beginning ? consumer_.first_offsets(timeout_ms)
                                                   : consumer_.end_offsets(timeout_ms);
  for (int32_t p : unpublished) {
    if (committed && (*committed)[p] >= 0) {
      start_[p] = (*committed)[p];
    } else if (fallback) {
      start_[p] = (*fallback)[p];
    } else {
      failure_ = Error{fmt::format("where to start partition {}: {}", p, fallback.error().message)};
    }
  }
}

std::optional<int64_t> GroupJob::start_offset(int32_t partition) {
  const auto it = start_.find(partition);
  return it == start_.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

void GroupJob::on_assigned(const std::vector<int32_t>& partitions) {
  if (!check_share(assigned_.size() + partitions.size())) return;
  if (hooks_.on_assigned) {
    if (auto st = hooks_.on_assigned(partitions); !st) failure_ = st;
  }
  for (int32_t p : partitions) {
    const auto last = last_published_.find(p);
    partials_.assign(p, start_.count(p) ? start_[p] : 0,
                     last != last_published_.end() ? last->second.max_event_ms : std::nullopt);
    assigned_.insert(p);
    // A bounded run may find a partition already at its end.
    if (options_.until_end && start_[p] >= end_offsets_[p]) ended_.insert(p);
  }
  processor_.assign(partitions, steady_now_ms());
  assigned_gauge().set(static_cast<int64_t>(assigned_.size()));
  ended_since_publish_ = true;
}

// A job that must read every input partition (JobOptions::sole_member_because) and never held
// them all stops when given a share, before it reads a record of it: the member that joined a
// group whose store is local to another. One that held them all goes on with a share for a
// grace period, for the newcomer to be refused and leave. True when the job may go on.
bool GroupJob::check_share(size_t held) {
  if (options_.sole_member_because.empty()) return true;
  const auto all = static_cast<size_t>(consumer_.partitions());
  if (held >= all) {
    held_every_partition_ = true;
    share_since_ms_.reset();
    return true;
  }
  const std::string why = fmt::format(
      "{}; this member holds {} of the {} partitions of {}: group {} has another member",
      options_.sole_member_because, held, all, options_.consumer.topic, options_.consumer.group);
  if (!held_every_partition_) {
    failure_ = Error{why};
    return false;
  }
  if (!share_since_ms_) {
    share_since_ms_ = steady_now_ms();
    log::warn(
        "another member joined group {}: this member goes on with {} of the {} partitions "
        "for at most {} s, for the newcomer to leave",
        options_.consumer.group, held, all, kShareGraceMs / 1000);
  } else if (steady_now_ms() - *share_since_ms_ > kShareGraceMs) {
    failure_ = Error{why};
    return false;
  }
  return true;
}

void GroupJob::on_revoked(const std::vector<int32_t>& partitions) {
  std::vector<scaleout::PartialRecord> last;
  for (int32_t p : partitions) {
    if (partials_.owns(p)) last.push_back(partials_.take_one(p, idle(p), ended(p)));
  }
  Status st = hooks_.before_offsets ? hooks_.before_offsets() : Status{};
  if (st) st = send_partials(std::move(last), /*wait*/ true);
  if (!st) {
    failure_ = st;
  } else if (auto flushed = producer_.flush(options_.consumer.connect_timeout_ms); !flushed) {
    log::warn("partials of revoked partitions may not be published: {}", flushed.message());
  }
  for (int32_t p : partitions) {
    partials_.revoke(p);
    assigned_.erase(p);
    ended_.erase(p);
  }
  processor_.revoke(partitions);
  if (hooks_.on_revoked) hooks_.on_revoked(partitions);
  assigned_gauge().set(static_cast<int64_t>(assigned_.size()));
  // A cooperative rebalance takes a share away without a new assignment.
  if (!assigned_.empty() && failure_.ok()) check_share(assigned_.size());
}

bool GroupJob::idle(int32_t partition) const {
  return processor_.watermarks().idle(partition, now_ms_ ? now_ms_ : steady_now_ms());
}

// --- the phases ------------------------------------------------------------------------------

Status GroupJob::run() {
  while (!shutdown_requested()) {
    read();
    if (!process() || !publish(false) || !merge() || bounded_run_done()) break;
  }
  return finish();
}

void GroupJob::read() {
  batch_.clear();
  consumer_.poll_batch(batch_, options_.batch_size, 100);
  now_ms_ = steady_now_ms();
  wall_ms_ = options_.wall_clock_ms();
  if (batch_.empty()) return;
  clock_.saw_records();
}

bool GroupJob::process() {
  using Kind = kafka::Consumed::Kind;
  if (!failure_.ok()) return false;  // from a rebalance inside the poll
  if (share_since_ms_ && !check_share(assigned_.size())) return false;
  for (const kafka::Consumed& item : batch_.items()) {
    const int32_t p = item.partition;
    if (item.kind == Kind::kPartitionEnd) {
      if (options_.until_end && partials_.owns(p) && item.offset >= end_offsets_[p] &&
          ended_.insert(p).second) {
        processor_.finish(p);
        ended_since_publish_ = true;
      }
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
    // Read before a rebalance that moved or re-read the partition: its owner reads it.
    if (!partials_.fresh(p, item.offset)) continue;
    const std::span<const uint8_t> value(reinterpret_cast<const uint8_t*>(item.value.data()),
                                         item.value.size());
    if (auto reason = processor_.process(p, item.offset, value, now_ms_, wall_ms_)) {
      dead_letters_since_publish_ = true;
      if (auto st = dlq_.forward(item.key, item.value, *reason, p, item.offset); !st) {
        failure_ = Error{fmt::format("dead-letter topic {}: {}", dlq_.topic(), st.message())};
        return false;
      }
    }
  }
  return true;
}

bool GroupJob::publish(bool all_now) {
  // Every turn, as a single job does (the store's hook also serves the HTTP look-ups), and so
  // before any partial covering the saved clicks is sent.
  if (hooks_.before_offsets) {
    if (auto st = hooks_.before_offsets(); !st) {
      failure_ = st;
      return false;
    }
  }
  if (!all_now && !ended_since_publish_ &&
      now_ms_ - last_publish_ms_ < options_.publish_interval_ms) {
    if (auto st = send_partials({}, false); !st) {  // those held for dead letters
      failure_ = st;
      return false;
    }
    return true;
  }
  last_publish_ms_ = now_ms_;
  ended_since_publish_ = false;
  auto records =
      partials_.take([this](int32_t p) { return idle(p); }, [this](int32_t p) { return ended(p); });
  if (auto st = send_partials(std::move(records), /*wait*/ all_now); !st) {
    failure_ = st;
    return false;
  }
  commit_published_positions();
  return true;
}

Status GroupJob::send_partials(std::vector<scaleout::PartialRecord> records, bool wait) {
  if (!records.empty() && (dead_letters_since_publish_ || !held_.empty())) {
    held_.push_back(Held{dlq_.position(), std::move(records)});
    dead_letters_since_publish_ = false;
  }
  // A partial goes only once every dead letter of the records it covers is acknowledged.
  while (!held_.empty()) {
    if (!dlq_.confirmed(held_.front().dead_letters_sent)) {
      if (!wait) break;
      if (auto st = dlq_.drain([] { return shutdown_requested(); }); !st) {
        return Error{fmt::format("dead-letter topic {}: {}", dlq_.topic(), st.message())};
      }
    }
    if (auto st = send_now(held_.front().records); !st) return st;
    held_.pop_front();
  }
  return send_now(records);
}

Status GroupJob::send_now(const std::vector<scaleout::PartialRecord>& records) {
  int64_t bytes = 0;
  for (const auto& r : records) {
    const std::string value = scaleout::encode(r);
    if (auto st = producer_.send(partials_topic_, partials_key(r.input_partition), value, {},
                                 partials_partition(r.input_partition));
        !st) {
      return Error{fmt::format("partials topic {}: {}", partials_topic_, st.message())};
    }
    published().add();
    published_bytes().add(static_cast<int64_t>(value.size()));
    bytes += static_cast<int64_t>(value.size());
  }
  if (!records.empty()) state_bytes_metric("member").set(bytes);
  return {};
}

// Offsets of the previous publish, once acknowledged, go to the group: lag tools read them.
void GroupJob::commit_published_positions() {
  constexpr int64_t kCommitEveryMs = 5'000;  // a commit refused by a rebalance is logged
  producer_.poll(0);
  if (!pending_positions_.empty() && producer_.acknowledged_prefix() >= pending_sequence_ &&
      now_ms_ - last_commit_ms_ >= kCommitEveryMs) {
    last_commit_ms_ = now_ms_;
    std::map<int32_t, int64_t> owned;
    for (const auto& [p, o] : pending_positions_) {
      if (assigned_.count(p)) owned[p] = o;
    }
    if (auto st = consumer_.commit(owned, /*async*/ true); !st) log::warn("{}", st.message());
    pending_positions_.clear();
  }
  if (pending_positions_.empty()) {
    pending_sequence_ = producer_.sent();
    pending_positions_ = partials_.next_offsets();
  }
}

bool GroupJob::merge() {
  if (auto st = merge_->turn(now_ms_, options_.until_end); !st) {
    failure_ = st;
    return false;
  }
  if (producer_.failed() > 0) {
    failure_ =
        Error{"a record to Kafka could not be delivered (partials, results or dead letters)"};
    return false;
  }
  return true;
}

bool GroupJob::bounded_run_done() {
  return options_.until_end && merge_->done_covering(end_offsets_);
}

Status GroupJob::emit(const window::WindowResult& r) {
  sink_.write(r);
  return results_topic_.empty() ? Status{} : send_result(producer_, results_topic_, r);
}

Status GroupJob::finish() {
  batch_.clear();  // messages must go before the consumer closes
  if (failure_.ok()) {
    now_ms_ = steady_now_ms();
    publish(true);
  }
  if (failure_.ok()) {
    if (auto st = producer_.flush(options_.consumer.connect_timeout_ms); !st) {
      log::warn(
          "stopping before Kafka acknowledged {} record(s): {}; what they cover is read "
          "again by the partitions' next owner",
          producer_.queued(), st.message());
    }
  }
  if (auto st = consumer_.close(); !st && failure_.ok()) failure_ = st;
  if (auto st = merge_->close(); !st && failure_.ok()) failure_ = st;
  if (options_.summary && (options_.until_end || shutdown_requested())) {
    print_run_summary(clock_.elapsed_seconds(), clock_.flowing_seconds());
    log::info("published {} partial record(s), {:.1f} MB, to {}", published().get(),
              static_cast<double>(published_bytes().get()) / 1e6, partials_topic_);
  }
  return failure_;
}

}  // namespace clicklog::job
