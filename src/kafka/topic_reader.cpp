#include "kafka/topic_reader.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "kafka/cluster_calls.h"

namespace clicklog::kafka {

Status read_topic(const std::string& brokers, const Properties& overrides, const std::string& topic,
                  int timeout_ms, const RecordVisitor& visit) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  const Properties defaults = {{"bootstrap.servers", brokers},
                               {"client.id", "clicklog"},
                               {"enable.auto.commit", "false"},
                               {"enable.partition.eof", "true"}};
  auto conf = make_conf(defaults, overrides);
  if (!conf) return Error{conf.error()};
  // librdkafka's assign() wants a group id; assign() never joins it and nothing is committed.
  rd_kafka_conf_set(conf->get(), "group.id", "clicklog-topic-reader", nullptr, 0);
  char err[512];
  HandlePtr rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err));
  if (!rk) return Error{fmt::format("cannot create Kafka consumer: {}", err)};
  conf->release();
  auto ranges = partition_offsets(rk.get(), topic, timeout_ms);
  if (!ranges) return Error{ranges.error()};

  std::map<int32_t, int64_t> ends;  // partitions still to read, with their end offset
  PartitionListPtr assign(rd_kafka_topic_partition_list_new(static_cast<int>(ranges->size())));
  for (const auto& [p, r] : *ranges) {
    if (r.high <= r.low) continue;
    ends[p] = r.high;
    rd_kafka_topic_partition_list_add(assign.get(), topic.c_str(), p)->offset = r.low;
  }
  if (ends.empty()) return {};
  rd_kafka_poll_set_consumer(rk.get());
  if (auto e = rd_kafka_assign(rk.get(), assign.get())) {
    return Error{fmt::format("reading {}: {}", topic, rd_kafka_err2str(e))};
  }
  std::string last_error;
  while (!ends.empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Error{fmt::format("reading {}: {} partition(s) not read to the end within {} ms{}{}",
                               topic, ends.size(), timeout_ms, last_error.empty() ? "" : ": ",
                               last_error)};
    }
    MessagePtr msg(rd_kafka_consumer_poll(rk.get(), 100));
    if (!msg) continue;
    const auto end = ends.find(msg->partition);
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      // Compaction may leave no record at the very end: reaching it is what counts.
      if (end != ends.end() && msg->offset >= end->second) ends.erase(end);
      continue;
    }
    if (msg->err) {
      last_error = rd_kafka_message_errstr(msg.get());
      continue;
    }
    const std::string_view key(static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
    std::optional<std::string_view> value;
    if (msg->payload) value = std::string_view(static_cast<const char*>(msg->payload), msg->len);
    visit(key, value);
    if (end != ends.end() && msg->offset + 1 >= end->second) ends.erase(end);
  }
  return {};
}

}  // namespace clicklog::kafka
