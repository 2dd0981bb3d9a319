#include "kafka/producer.h"

#include <fmt/format.h>

#include <atomic>
#include <mutex>

#include "common/log.h"
#include "kafka/ack_window.h"
#include "kafka/cluster_calls.h"

namespace clicklog::kafka {

struct Producer::Impl {
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> failed_since_flush{0};
  std::string last_error;  // written by the delivery callback, on the polling thread
  std::mutex mutex;        // guards acked
  AckWindow acked;         // sequence numbers (Producer::sent()) delivered
  HandlePtr rk;

  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
};

Producer::Producer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Producer::Producer(Producer&&) noexcept = default;
Producer& Producer::operator=(Producer&&) noexcept = default;

Result<Producer> Producer::create(const std::string& brokers, const Properties& overrides,
                                  int connect_timeout_ms, const Properties& extra_defaults) {
  Properties defaults = {
      {"bootstrap.servers", brokers},
      {"client.id", "clicklog"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"batch.num.messages", "10000"},
      {"queue.buffering.max.messages", "500000"},
      {"queue.buffering.max.kbytes", "262144"},
  };
  defaults.insert(defaults.end(), extra_defaults.begin(), extra_defaults.end());
  auto conf = make_conf(defaults, overrides);
  if (!conf) return conf.error();
  auto impl = std::make_unique<Impl>();
  rd_kafka_conf_set_opaque(conf->get(), impl.get());
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &Impl::on_delivery);
  char err[512];
  impl->rk.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err));
  if (!impl->rk) return Error{fmt::format("cannot create Kafka producer: {}", err)};
  conf->release();  // rd_kafka_new took ownership
  if (auto st = wait_for_cluster(impl->rk.get(), brokers, connect_timeout_ms); !st) {
    return Error{st.message()};
  }
  return Producer(std::move(impl));
}

Producer::~Producer() {
  if (!impl_ || !impl_->rk) return;
  if (auto st = flush(5000); !st) log::warn("producer shutdown: {}", st.message());
}

void Producer::Impl::on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* stats = static_cast<Impl*>(opaque);
  if (msg->err) {
    stats->failed++;
    stats->failed_since_flush++;
    stats->last_error = rd_kafka_err2str(msg->err);
    return;
  }
  stats->delivered++;
  const auto seq = reinterpret_cast<uintptr_t>(msg->_private);
  std::lock_guard lock(stats->mutex);
  stats->acked.ack(seq);
}

uint64_t Producer::acknowledged_prefix() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->acked.prefix();
}

uint64_t Producer::delivered() const {
  return impl_->delivered.load();
}
uint64_t Producer::failed() const {
  return impl_->failed.load();
}
int Producer::queued() const {
  return rd_kafka_outq_len(impl_->rk.get());
}

std::string Producer::cluster_id(int timeout_ms) const {
  return kafka::cluster_id(impl_->rk.get(), timeout_ms);
}

Result<int> Producer::partition_count(const std::string& topic, int timeout_ms) const {
  return kafka::partition_count(impl_->rk.get(), topic, timeout_ms);
}

Status Producer::create_topic(const std::string& topic, int partitions, int timeout_ms) {
  return kafka::create_topic(impl_->rk.get(), topic, partitions, timeout_ms);
}

Status Producer::send(const std::string& topic, std::optional<std::string_view> key,
                      std::string_view value, const std::vector<Header>& headers,
                      int32_t partition) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (!headers.empty()) {
    hdrs = rd_kafka_headers_new(headers.size());
    for (const auto& h : headers) {
      rd_kafka_header_add(hdrs, h.key.data(), static_cast<ssize_t>(h.key.size()), h.value.data(),
                          static_cast<ssize_t>(h.value.size()));
    }
  }
  while (true) {
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        impl_->rk.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY((key ? key->data() : nullptr), (key ? key->size() : 0)),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(sent_))), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {  // the headers now belong to the message
      ++sent_;
      return {};
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(impl_->rk.get(), 10);
      continue;
    }
    if (hdrs) rd_kafka_headers_destroy(hdrs);
    return Error{fmt::format("produce to {}: {}", topic, rd_kafka_err2str(err))};
  }
}

void Producer::poll(int timeout_ms) {
  rd_kafka_poll(impl_->rk.get(), timeout_ms);
}

Status Producer::flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(impl_->rk.get(), timeout_ms);
  const uint64_t failed = impl_->failed_since_flush.exchange(0);
  if (err) {
    return Error{fmt::format("{} record(s) still undelivered after {} ms",
                             rd_kafka_outq_len(impl_->rk.get()), timeout_ms)};
  }
  if (failed) {
    return Error{
        fmt::format("{} record(s) failed delivery (last error: {})", failed, impl_->last_error)};
  }
  return {};
}

}  // namespace clicklog::kafka
