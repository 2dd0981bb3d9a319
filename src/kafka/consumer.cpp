#include "kafka/consumer.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "common/log.h"
#include "kafka/cluster_calls.h"
#include "kafka/consumer_stats.h"
#include "kafka/member_fence.h"
#include "kafka/poll_ahead.h"

namespace clicklog::kafka {

struct Consumer::Impl {
  std::string topic;
  int partitions = 0;
  RebalanceListener* listener = nullptr;
  HandlePtr rk;  // declared before the queue, destroyed after it
  QueuePtr queue;
  std::string member_id_file;  // ConsumerOptions::member_id_file
  bool closed = false;
  bool poll_ahead = false;                  // ConsumerOptions::poll_ahead
  std::unique_ptr<PollAhead> ahead;         // started by the first poll_batch()
  std::vector<rd_kafka_message_t*> polled;  // poll_batch's buffer, kept between polls

  void save_member_id(rd_kafka_t* rk) const;
  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque);
  void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts);
  // Consumer lag per partition, from each statistics document (served by poll_batch).
  static int on_statistics(rd_kafka_t*, char* json, size_t length, void* opaque) {
    record_consumer_lag({json, length}, static_cast<Impl*>(opaque)->topic);
    return 0;  // librdkafka frees the document
  }
};

Consumer::Consumer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Consumer::Consumer(Consumer&&) noexcept = default;
Consumer& Consumer::operator=(Consumer&&) noexcept = default;

namespace {

// Removes the member a previous process with this instance id left in the group (member_fence.h).
// On failure the join waits for that member's session to expire, as without it.
void fence_predecessor(rd_kafka_t* rk, const ConsumerOptions& o) {
  const auto predecessor = read_member_id(o.member_id_file);
  if (!predecessor) return;
  auto fenced = fence_member(broker_addresses(rk, o.connect_timeout_ms), o.group, *predecessor,
                             o.connect_timeout_ms);
  if (!fenced) {
    log::warn("instance {}: {}; joining after its session expires", o.instance_id,
              fenced.error().message);
  } else if (*fenced == Fenced::kRemoved) {
    log::info("instance {}: removed its previous member {} from group {}", o.instance_id,
              *predecessor, o.group);
  }
}

}  // namespace

void Consumer::Impl::save_member_id(rd_kafka_t* rk) const {
  if (member_id_file.empty()) return;
  char* id = rd_kafka_memberid(rk);
  if (!id) return;
  const std::string member(id);
  rd_kafka_mem_free(rk, id);
  if (auto st = kafka::save_member_id(member_id_file, member); !st) {
    log::warn("instance member id: {}", st.message());
  }
}

Result<Consumer> Consumer::create(const ConsumerOptions& o) {
  Properties defaults = {
      {"bootstrap.servers", o.brokers},
      {"client.id", "clicklog"},
      {"group.id", o.group},
      {"enable.auto.commit", o.auto_commit ? "true" : "false"},
      {"auto.commit.interval.ms", "1000"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", o.from_beginning ? "earliest" : "latest"},
      {"enable.partition.eof", "true"},
      // The prefetch queue holds about a second of the job's work. librdkafka (before 2.2) stops
      // fetching once the consumer queue holds this many messages and looks again only on its
      // broker thread's next 1-second wake-up, so a job that drains a full queue faster than
      // that sits idle: at 200,000 a replay read at 0.4 of the bare consumer's rate on a real
      // Kafka (docs/benchmarks.md). queued.max.messages.kbytes (64 MiB) still bounds it.
      {"queued.min.messages", "1000000"},
      {"fetch.max.bytes", "52428800"},
      {"statistics.interval.ms", std::to_string(kStatisticsIntervalMs)},
  };
  if (!o.instance_id.empty()) defaults.emplace_back("group.instance.id", o.instance_id);
  if (o.session_timeout_ms > 0) {
    defaults.emplace_back("session.timeout.ms", std::to_string(o.session_timeout_ms));
    defaults.emplace_back("heartbeat.interval.ms", std::to_string(o.session_timeout_ms / 10));
  }
  auto conf = make_conf(defaults, o.overrides);
  if (!conf) return conf.error();
  auto impl = std::make_unique<Impl>();
  impl->topic = o.topic;
  impl->poll_ahead = o.poll_ahead;
  rd_kafka_conf_set_opaque(conf->get(), impl.get());
  rd_kafka_conf_set_rebalance_cb(conf->get(), &Impl::on_rebalance);
  if (o.report_lag) rd_kafka_conf_set_stats_cb(conf->get(), &Impl::on_statistics);
  char err[512];
  impl->rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err));
  if (!impl->rk) return Error{fmt::format("cannot create Kafka consumer: {}", err)};
  conf->release();
  rd_kafka_t* rk = impl->rk.get();
  if (auto st = wait_for_cluster(rk, o.brokers, o.connect_timeout_ms); !st) {
    return Error{st.message()};
  }
  auto partitions = partition_count(rk, o.topic, o.connect_timeout_ms);
  if (!partitions) return partitions.error();
  impl->partitions = *partitions;
  if (!o.member_id_file.empty() && !o.instance_id.empty()) {
    fence_predecessor(rk, o);
    impl->member_id_file = o.member_id_file;
  }
  rd_kafka_poll_set_consumer(rk);
  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), o.topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (auto e = rd_kafka_subscribe(rk, topics.get())) {
    return Error{fmt::format("subscribe to {}: {}", o.topic, rd_kafka_err2str(e))};
  }
  impl->queue.reset(rd_kafka_queue_get_consumer(rk));
  return Consumer(std::move(impl));
}

Consumer::~Consumer() {
  if (!impl_ || !impl_->rk) return;
  if (auto st = close(); !st) log::warn("consumer close: {}", st.message());
}

void Consumer::set_listener(RebalanceListener* listener) {
  impl_->listener = listener;
}
const std::string& Consumer::topic() const {
  return impl_->topic;
}
int Consumer::partitions() const {
  return impl_->partitions;
}

void Consumer::Impl::on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                  rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* state = static_cast<Impl*>(opaque);
  if (state->ahead && state->ahead->on_polling_thread()) {
    state->ahead->run_on_caller([&] { state->rebalance(rk, err, parts); });
  } else {
    state->rebalance(rk, err, parts);
  }
}

void Consumer::Impl::rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t* parts) {
  std::vector<int32_t> ids;
  for (int i = 0; i < parts->cnt; ++i) ids.push_back(parts->elems[i].partition);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    log::info("assigned {} partition(s) of {}", ids.size(), topic);
    int resumed = 0;
    if (listener) listener->prepare(ids);
    for (int i = 0; listener && i < parts->cnt; ++i) {
      if (auto at = listener->start_offset(parts->elems[i].partition)) {
        parts->elems[i].offset = *at;
        ++resumed;
      }
    }
    if (resumed) log::info("{} partition(s) start at the job's own positions", resumed);
    rd_kafka_assign(rk, parts);
    save_member_id(rk);
    if (listener) listener->on_assigned(ids);
  } else {
    log::info("revoked {} partition(s) of {}", ids.size(), topic);
    if (listener) listener->on_revoked(ids);
    rd_kafka_assign(rk, nullptr);
  }
}

void Consumer::poll_batch(ConsumedBatch& out, size_t max, int timeout_ms) {
  if (impl_->poll_ahead) {
    // Each of its polls waits at most this long, which bounds how long close() waits for it.
    constexpr int kReadAheadPollMs = 100;
    if (!impl_->ahead) {
      impl_->ahead = std::make_unique<PollAhead>(impl_->queue.get(), max, kReadAheadPollMs);
    }
    impl_->ahead->take(out, timeout_ms);
    return;
  }
  out.poll(impl_->queue.get(), max, timeout_ms, impl_->polled);
}

Status Consumer::store_offsets(const std::map<int32_t, int64_t>& next_offsets) {
  if (next_offsets.empty()) return {};
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (const auto& [p, off] : next_offsets) {
    rd_kafka_topic_partition_list_add(list.get(), impl_->topic.c_str(), p)->offset = off;
  }
  // A partition revoked meanwhile fails with _STATE; its records are re-read by the new owner.
  if (auto e = rd_kafka_offsets_store(impl_->rk.get(), list.get());
      e && e != RD_KAFKA_RESP_ERR__STATE) {
    return Error{fmt::format("store offsets: {}", rd_kafka_err2str(e))};
  }
  return {};
}

Status Consumer::commit_sync() {
  const auto e = rd_kafka_commit(impl_->rk.get(), nullptr, 0);
  if (e && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return Error{fmt::format("commit offsets: {}", rd_kafka_err2str(e))};
  }
  return {};
}

Status Consumer::commit(const std::map<int32_t, int64_t>& next_offsets, bool async) {
  if (next_offsets.empty()) return {};
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (const auto& [p, off] : next_offsets) {
    rd_kafka_topic_partition_list_add(list.get(), impl_->topic.c_str(), p)->offset = off;
  }
  auto e = rd_kafka_commit(impl_->rk.get(), list.get(), async ? 1 : 0);
  // "Waiting for coordinator" can come at once, while a lookup is under way: give the lookup
  // the time a graceful stop can spare.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!async && e == RD_KAFKA_RESP_ERR__WAIT_COORD &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    e = rd_kafka_commit(impl_->rk.get(), list.get(), 0);
  }
  switch (e) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
      return {};
    // The group is moving these partitions (e.g. another member is stopping at the same
    // time): no commit can succeed until it settles, and the caller's checkpoint still holds
    // the positions. Whoever reads the partitions next starts at the previous commit.
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID:
      log::warn("offsets not committed, the group is rebalancing ({}); the checkpoint keeps them",
                rd_kafka_err2str(e));
      return {};
    // The coordinator is moving or not found yet, and librdkafka's own retries (seconds) ran
    // out: the same holds, and the next commit catches up.
    case RD_KAFKA_RESP_ERR__WAIT_COORD:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      log::warn(
          "offsets not committed, the group coordinator is out of reach ({}); the "
          "checkpoint keeps them",
          rd_kafka_err2str(e));
      return {};
    default:
      return Error{fmt::format("commit offsets: {}", rd_kafka_err2str(e))};
  }
}

Result<std::map<int32_t, int64_t>> Consumer::end_offsets(int timeout_ms) {
  auto ranges = partition_offsets(impl_->rk.get(), impl_->topic, timeout_ms);
  if (!ranges) return ranges.error();
  std::map<int32_t, int64_t> ends;
  for (const auto& [p, r] : *ranges) ends[p] = r.high;
  return ends;
}

Result<std::map<int32_t, int64_t>> Consumer::first_offsets(int timeout_ms) {
  auto ranges = partition_offsets(impl_->rk.get(), impl_->topic, timeout_ms);
  if (!ranges) return ranges.error();
  std::map<int32_t, int64_t> firsts;
  for (const auto& [p, r] : *ranges) firsts[p] = r.low;
  return firsts;
}

Result<std::map<int32_t, int64_t>> Consumer::committed(int timeout_ms) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(impl_->partitions));
  for (int32_t p = 0; p < impl_->partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), impl_->topic.c_str(), p);
  }
  if (auto e = rd_kafka_committed(impl_->rk.get(), list.get(), timeout_ms)) {
    return Error{fmt::format("committed offsets of {}: {}", impl_->topic, rd_kafka_err2str(e))};
  }
  std::map<int32_t, int64_t> out;
  for (int i = 0; i < list->cnt; ++i) out[list->elems[i].partition] = list->elems[i].offset;
  return out;
}

std::string Consumer::cluster_id(int timeout_ms) const {
  return kafka::cluster_id(impl_->rk.get(), timeout_ms);
}

Status Consumer::close() {
  if (!impl_ || impl_->closed || !impl_->rk) return {};
  impl_->closed = true;
  // Stops polling while `ahead` is still set, so that a rebalance the polling thread is in is
  // handed over and runs here, on this thread.
  if (impl_->ahead) impl_->ahead->stop();
  impl_->ahead.reset();
  impl_->queue.reset();
  if (auto e = rd_kafka_consumer_close(impl_->rk.get())) {
    return Error{fmt::format("leaving group: {}", rd_kafka_err2str(e))};
  }
  return {};
}

}  // namespace clicklog::kafka
