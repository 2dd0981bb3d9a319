// StreamingJob's set-up: everything that can fail before the first record is read.
#include <fmt/format.h>

#include "common/log.h"
#include "job/embedded_cluster.h"
#include "job/hand_over.h"
#include "job/output_topics.h"
#include "job/streaming_job.h"
#include "job/time_source.h"

namespace clicklog::job {
StreamingJob::StreamingJob(const JobOptions& options, ResultSink& sink, JobHooks hooks,
                           kafka::Consumer consumer, kafka::Producer producer)
    : options_(options),
      sink_(sink),
      hooks_(std::move(hooks)),
      consumer_(std::move(consumer)),
      producer_(std::move(producer)),
      dlq_(producer_, options.dlq_topic, options.consumer.topic),
      processor_(options.processor),
      offsets_(consumer_, dlq_) {
  processor_.set_observer(hooks_.on_event);
  for (UserWindows* w : hooks_.user_windows) processor_.add_windows(w);
}

Result<std::unique_ptr<StreamingJob>> StreamingJob::open(const JobOptions& options,
                                                         ResultSink& sink, JobHooks hooks,
                                                         bool* group_formed) {
  auto producer = kafka::Producer::create(options.consumer.brokers, options.consumer.overrides,
                                          options.consumer.connect_timeout_ms);
  if (!producer) return producer.error();
  // Asked once the cluster answered, so that one that cannot be reached fails in one line, at
  // once, and before this job joins the group.
  if (group_formed && options.may_form_group && group_has_formed(options)) {
    *group_formed = true;
    return std::unique_ptr<StreamingJob>{};
  }
  kafka::ConsumerOptions consumer_options = options.consumer;
  // With checkpoints, only checkpointed offsets are committed.
  consumer_options.auto_commit = options.checkpoint.interval_ms <= 0;
  // The next batch is taken off librdkafka's queue while this one is processed.
  consumer_options.poll_ahead = true;
  if (fit_to_embedded_cluster(producer->cluster_id(options.consumer.connect_timeout_ms),
                              consumer_options)) {
    log::info(
        "embedded cluster: group session timeout {} ms, so that a killed member's "
        "partitions move on quickly (its mock ignores --instance-id: a static member removes "
        "its predecessor itself)",
        consumer_options.session_timeout_ms);
  }
  auto consumer = kafka::Consumer::create(consumer_options);
  if (!consumer) return consumer.error();
  std::unique_ptr<StreamingJob> job(new StreamingJob(options, sink, std::move(hooks),
                                                     std::move(*consumer), std::move(*producer)));
  if (auto st = job->check_output_topics(); !st) return Error{st.message()};
  if (auto st = job->read_end_offsets(); !st) return Error{st.message()};
  if (auto st = job->restore_checkpoint(); !st) return Error{st.message()};
  if (job->checkpointer_) job->positions_ = job->checkpointer_->positions();
  StreamingJob* self = job.get();
  job->assignment_.emplace(job->processor_, job->checkpointer_ ? &*job->checkpointer_ : nullptr,
                           &steady_now_ms, job->consumer_.partitions(), options.may_form_group,
                           [self] { self->before_revoke(); });
  job->consumer_.set_listener(&*job->assignment_);
  return job;
}

Status StreamingJob::check_output_topics() {
  const int timeout_ms = options_.consumer.connect_timeout_ms;
  if (auto st = check_dlq_topic(producer_, options_.dlq_topic, timeout_ms); !st) return st;
  auto results =
      optional_topic(options_.results_topic, options_.results_topic_required, "--results-topic",
                     "results go to stdout only", timeout_ms, producer_);
  if (!results) return results.error();
  results_topic_ = std::move(*results);
  if (options_.checkpoint.interval_ms <= 0) return {};
  auto state = optional_topic(options_.state_topic, options_.state_topic_required, "--state-topic",
                              "checkpoints stay on this machine only", timeout_ms, producer_);
  if (!state) return state.error();
  if (!state->empty()) {
    state_topic_.emplace(
        producer_, StateTopicOptions{*state, options_.consumer.group, options_.consumer.brokers,
                                     options_.consumer.overrides, timeout_ms});
  }
  return {};
}

Status StreamingJob::read_end_offsets() {
  if (!options_.until_end) return {};
  auto ends = consumer_.end_offsets(options_.consumer.connect_timeout_ms);
  if (!ends) return ends.error();
  end_offsets_ = std::move(*ends);
  return {};
}

Status StreamingJob::restore_checkpoint() {
  if (options_.checkpoint.interval_ms <= 0) return {};
  auto opened = Checkpointer::open(options_.checkpoint, options_.consumer.group,
                                   consumer_.cluster_id(options_.consumer.connect_timeout_ms),
                                   options_.consumer.topic, processor_, steady_now_ms(),
                                   state_topic_ ? &*state_topic_ : nullptr);
  if (!opened) return opened.error();
  checkpointer_.emplace(std::move(*opened));
  return {};
}

}  // namespace clicklog::job
