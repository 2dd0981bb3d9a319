#include "job/top_destinations_job.h"

#include <fmt/format.h>

#include <chrono>
#include <deque>
#include <map>
#include <set>

#include "common/log.h"
#include "common/shutdown.h"
#include "job/dead_letter.h"
#include "job/run_summary.h"
#include "kafka/producer.h"

namespace clicklog::job {
namespace {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Keeps the processor's partitions and the bounded-run bookkeeping in step with rebalances.
class Assignment : public kafka::RebalanceListener {
 public:
  explicit Assignment(Processor& processor) : processor_(processor) {}

  void on_assigned(const std::vector<int32_t>& partitions) override {
    got_assignment = true;
    for (int32_t p : partitions) assigned.insert(p);
    processor_.assign(partitions, steady_now_ms());
  }
  void on_revoked(const std::vector<int32_t>& partitions) override {
    for (int32_t p : partitions) {
      assigned.erase(p);
      done.erase(p);
    }
    processor_.revoke(partitions);
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
};

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

}  // namespace

Status run_top_destinations(const JobOptions& options, ResultSink& sink, JobHooks hooks) {
  const auto started = std::chrono::steady_clock::now();
  auto consumer = kafka::Consumer::create(options.consumer);
  if (!consumer) return consumer.error();
  auto dlq_producer = kafka::Producer::create(options.consumer.brokers, options.consumer.overrides,
                                              options.consumer.connect_timeout_ms);
  if (!dlq_producer) return dlq_producer.error();
  // A bad record must have somewhere to go before the first one is read.
  if (auto n = kafka::partition_count(dlq_producer->handle(), options.dlq_topic,
                                      options.consumer.connect_timeout_ms);
      !n) {
    return Error{fmt::format("dead-letter {} (create it, or name another with --dlq-topic)",
                             n.error().message)};
  }
  DeadLetterQueue dlq(*dlq_producer, options.dlq_topic, options.consumer.topic);

  std::map<int32_t, int64_t> end_offsets;
  if (options.until_end) {
    auto ends = consumer->end_offsets(options.consumer.connect_timeout_ms);
    if (!ends) return ends.error();
    end_offsets = std::move(*ends);
  }

  Processor processor(options.processor);
  processor.set_observer(hooks.on_event);
  Assignment assignment(processor);
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
    for (const auto& r : results) sink.write(r);
    results.clear();
  };

  // Records flow from the first one read to the last: the rate without group start-up.
  std::chrono::steady_clock::time_point first_record{}, last_record{};
  while (!shutdown_requested()) {
    batch.clear();
    consumer->poll_batch(batch, options.batch_size, 100);
    const int64_t now = steady_now_ms();
    if (!batch.empty()) {
      last_record = std::chrono::steady_clock::now();
      if (first_record == std::chrono::steady_clock::time_point{}) first_record = last_record;
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
    if (!next_offsets.empty()) unconfirmed.push_back({dlq.position(), next_offsets});
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
  }
  batch.clear();  // messages must go before the consumer closes
  if (failure.ok()) {
    if (auto st = dlq.drain([] { return shutdown_requested(); }); !st) {
      failure = Error{fmt::format("dead-letter topic {}: {}", dlq.topic(), st.message())};
    }
  }
  if (failure.ok()) {
    store_confirmed();
    if (auto st = consumer->commit_sync(); !st) failure = st;
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
