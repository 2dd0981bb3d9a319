#include "job/top_destinations_job.h"

#include <fmt/format.h>

#include <chrono>
#include <deque>
#include <map>
#include "common/log.h"
#include "common/shutdown.h"
#include "common/time_format.h"
#include "job/assignment.h"
#include "job/dead_letter.h"
#include "job/result_sink.h"
#include "job/run_summary.h"
#include "job/state_topic.h"
#include "kafka/producer.h"

namespace clicklog::job {
namespace {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool is_fatal(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__FATAL:
      return true;
    default:
      return false;
  }
}

// `topic` when it exists, or empty: a missing default topic only earns a warning saying what
// goes without it; one named explicitly (`required`) must exist.
Result<std::string> optional_topic(const std::string& topic, bool required, const char* flag,
                                   const char* without_it, const JobOptions& options,
                                   kafka::Producer& producer) {
  if (topic.empty()) return topic;
  auto n = kafka::partition_count(producer.handle(), topic, options.consumer.connect_timeout_ms);
  if (n) return topic;
  if (required) return Error{fmt::format("{}: {}", flag, n.error().message)};
  log::warn("{}: {} (create it, or pass {} '')", without_it, n.error().message, flag);
  return std::string();
}

}  // namespace

Status run_top_destinations(const JobOptions& options, ResultSink& sink, JobHooks hooks) {
  const auto started = std::chrono::steady_clock::now();
  const bool checkpoints = options.checkpoint.interval_ms > 0;
  kafka::ConsumerOptions consumer_options = options.consumer;
  consumer_options.auto_commit = !checkpoints;  // with checkpoints, only checkpointed offsets
  auto consumer = kafka::Consumer::create(consumer_options);
  if (!consumer) return consumer.error();
  // One producer for dead letters and results: draining it makes both durable at a checkpoint.
  auto producer = kafka::Producer::create(options.consumer.brokers, options.consumer.overrides,
                                          options.consumer.connect_timeout_ms);
  if (!producer) return producer.error();
  // A bad record must have somewhere to go before the first one is read.
  if (auto n = kafka::partition_count(producer->handle(), options.dlq_topic,
                                      options.consumer.connect_timeout_ms);
      !n) {
    return Error{fmt::format("dead-letter {} (create it, or name another with --dlq-topic)",
                             n.error().message)};
  }
  DeadLetterQueue dlq(*producer, options.dlq_topic, options.consumer.topic);
  auto publish_to = optional_topic(options.results_topic, options.results_topic_required,
                                   "--results-topic", "results go to stdout only", options, *producer);
  if (!publish_to) return publish_to.error();
  std::optional<StateTopic> state_topic;
  if (checkpoints) {
    auto name = optional_topic(options.state_topic, options.state_topic_required, "--state-topic",
                               "checkpoints stay on this machine only", options, *producer);
    if (!name) return name.error();
    if (!name->empty()) {
      state_topic.emplace(*producer, StateTopicOptions{*name, options.consumer.group, options.consumer.brokers,
                                                       options.consumer.overrides,
                                                       options.consumer.connect_timeout_ms});
    }
  }

  std::map<int32_t, int64_t> end_offsets;
  if (options.until_end) {
    auto ends = consumer->end_offsets(options.consumer.connect_timeout_ms);
    if (!ends) return ends.error();
    end_offsets = std::move(*ends);
  }

  Processor processor(options.processor);
  processor.set_observer(hooks.on_event);
  std::optional<Checkpointer> checkpointer;
  if (checkpoints) {
    auto opened = Checkpointer::open(options.checkpoint, options.consumer.group,
                                     consumer->cluster_id(options.consumer.connect_timeout_ms),
                                     options.consumer.topic, processor, steady_now_ms(),
                                     state_topic ? &*state_topic : nullptr);
    if (!opened) return opened.error();
    checkpointer.emplace(std::move(*opened));
  }
  Assignment assignment(processor, checkpointer ? &*checkpointer : nullptr, &steady_now_ms);
  consumer->set_listener(&assignment);

  std::vector<kafka::MessagePtr> batch;
  std::vector<window::WindowResult> results;
  std::map<int32_t, int64_t> next_offsets;
  struct Unconfirmed {
    uint64_t dlq_position;
    std::map<int32_t, int64_t> offsets;
  };
  std::deque<Unconfirmed> unconfirmed;
  const auto store_confirmed = [&] {
    std::map<int32_t, int64_t> ready;
    while (!unconfirmed.empty() && dlq.confirmed(unconfirmed.front().dlq_position)) {
      for (const auto& [p, o] : unconfirmed.front().offsets) ready[p] = o;
      unconfirmed.pop_front();
    }
    if (auto st = consumer->store_offsets(ready); !st) log::warn("{}", st.message());
  };
  Status failure;
  const auto emit = [&] {
    for (const auto& r : results) {
      if (checkpointer && !checkpointer->first_emission(r.end_ms)) continue;
      sink.write(r);
      if (!publish_to->empty()) {
        if (auto st = producer->send(*publish_to, format_rfc3339_utc(r.end_ms), to_jsonl(r)); !st) {
          failure = Error{fmt::format("results topic {}: {}", *publish_to, st.message())};
        }
      }
      if (checkpointer) checkpointer->emitted(r.end_ms);
    }
    results.clear();
  };
  // Waits until Kafka has acknowledged every dead letter and result sent so far. A stop
  // requested meanwhile ends the wait: nothing more is then checkpointed or committed, which is
  // no failure (the last checkpoint stands and the next run replays what followed it,
  // identically: what a crash would leave). Only a delivery that failed for good is one.
  bool unacknowledged_at_stop = false;
  const auto drain = [&](std::string_view before) -> Status {
    if (auto st = dlq.drain([] { return shutdown_requested(); }); !st) {
      // drain() gives up only on a failed delivery or a stop.
      if (dlq.failed()) return Error{fmt::format("{}: {}", before, st.message())};
      unacknowledged_at_stop = true;
    }
    return {};
  };
  // Dead letters and published results first, then the state with its offsets, then the group.
  const auto checkpoint = [&](int64_t now, bool last) -> Status {
    if (auto st = drain("before a checkpoint"); !st || unacknowledged_at_stop) return st;
    const bool sole_member = static_cast<int>(assignment.assigned.size()) == consumer->partitions();
    if (auto st = checkpointer->save(processor, now, sole_member); !st) return st;
    if (last && state_topic) {
      if (auto st = producer->flush(options.consumer.connect_timeout_ms); !st) {
        log::warn("state topic {}: the last checkpoint may not be published ({}); this machine "
                  "has it", state_topic->topic(), st.message());
      }
    }
    std::map<int32_t, int64_t> owned;
    for (const auto& [p, o] : checkpointer->positions()) {
      if (assignment.assigned.count(p)) owned[p] = o;  // never overwrite another member's
    }
    if (auto st = consumer->commit(owned, /*async*/ !last); !st) {
      if (last) return st;
      log::warn("{}", st.message());
    }
    return {};
  };

  // Records flow from the first one read to the last: the rate without group start-up.
  std::chrono::steady_clock::time_point first_record{}, last_record{};
  while (!shutdown_requested()) {
    batch.clear();
    consumer->poll_batch(batch, options.batch_size, 100);
    const int64_t now = steady_now_ms();
    if (!batch.empty()) {
      last_record = std::chrono::steady_clock::now();
      if (first_record == std::chrono::steady_clock::time_point{}) {
        first_record = last_record;
        log::info("first record {:.3f} s after start",
                  std::chrono::duration<double>(first_record - started).count());
      }
    }
    next_offsets.clear();
    int32_t run_partition = -1;
    int64_t run_next = 0, run_end = INT64_MAX;
    const auto flush_run = [&] {
      if (run_partition >= 0) next_offsets[run_partition] = run_next;
    };
    for (const auto& msg : batch) {
      const int32_t p = msg->partition;
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (options.until_end && msg->offset >= end_offsets[p]) assignment.mark_done(p);
        continue;
      }
      if (msg->err) {
        const std::string what = fmt::format("consumer: {}", rd_kafka_message_errstr(msg.get()));
        if (is_fatal(msg->err)) {
          failure = Error{what};
          break;
        }
        log::warn("{}", what);
        continue;
      }
      const std::span<const uint8_t> value(static_cast<const uint8_t*>(msg->payload), msg->len);
      if (auto reason = processor.process(p, msg->offset, value, now)) {
        std::optional<std::string_view> key;
        if (msg->key) key = std::string_view(static_cast<const char*>(msg->key), msg->key_len);
        const std::string_view raw(static_cast<const char*>(msg->payload), msg->len);
        if (auto st = dlq.forward(key, raw, *reason, p, msg->offset); !st) {
          failure = Error{fmt::format("dead-letter topic {}: {}", dlq.topic(), st.message())};
          break;
        }
      }
      // Runs of one partition are the norm in a batch: one map update per run, not per record.
      if (p != run_partition) {
        flush_run();
        run_partition = p;
        run_end = options.until_end ? end_offsets[p] : INT64_MAX;
      }
      run_next = msg->offset + 1;
      if (run_next >= run_end) assignment.mark_done(p);
    }
    if (!failure.ok()) break;
    flush_run();
    if (hooks.before_offsets) {
      if (auto st = hooks.before_offsets(); !st) {
        failure = st;
        break;
      }
    }
    // Offsets of a batch are stored once every bad record up to it is in the dead-letter topic.
    if (checkpointer) {
      for (const auto& [p, o] : next_offsets) checkpointer->advanced(p, o);
    } else if (!next_offsets.empty()) {
      unconfirmed.push_back({dlq.position(), next_offsets});
    }
    if (dlq.failed()) {
      failure = Error{fmt::format("dead-letter topic {}: a record could not be delivered", dlq.topic())};
      break;
    }
    store_confirmed();
    processor.advance(now, results);
    emit();
    if (options.until_end && assignment.all_done()) {
      processor.flush(results);
      emit();
      break;
    }
    if (!failure.ok()) break;
    if (checkpointer && checkpointer->due(now)) {
      if (auto st = checkpoint(now, false); !st) {
        failure = st;
        break;
      }
    }
  }
  batch.clear();  // messages must go before the consumer closes
  if (failure.ok() && !unacknowledged_at_stop) {
    if (auto st = drain(fmt::format("dead-letter topic {}", dlq.topic())); !st) failure = st;
  }
  if (failure.ok() && checkpointer && !unacknowledged_at_stop) {
    if (auto st = checkpoint(steady_now_ms(), true); !st) {
      failure = st;
    } else if (!unacknowledged_at_stop) {
      log::info("checkpoint #{} saved in {}; {}", checkpointer->saved(), checkpointer->dir(),
                checkpointer->cost());
    }
  } else if (failure.ok() && !checkpointer) {
    store_confirmed();
    if (auto st = consumer->commit_sync(); !st) failure = st;
  }
  if (failure.ok() && unacknowledged_at_stop) {
    log::warn("stopping before Kafka acknowledged {} record(s) (dead letters, results): {}; "
              "the next run replays what followed, identically",
              producer->queued(),
              checkpointer ? fmt::format("no final checkpoint, the last is #{}", checkpointer->saved())
                           : std::string("no offset past them is committed"));
  }
  if (auto st = consumer->close(); !st && failure.ok()) failure = st;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double flowing = std::chrono::duration<double>(last_record - first_record).count();
  if (options.summary && (options.until_end || shutdown_requested())) {
    print_run_summary(elapsed, flowing);
  }
  return failure;
}

}  // namespace clicklog::job
