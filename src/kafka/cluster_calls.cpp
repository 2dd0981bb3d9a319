#include "kafka/cluster_calls.h"

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <thread>

#include "kafka/client_log.h"

namespace clicklog::kafka {
namespace {

// Who the cluster takes this client for, as far as its configuration tells.
std::string principal(rd_kafka_t* rk) {
  char value[512];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(rd_kafka_conf(rk), "sasl.username", value, &size) == RD_KAFKA_CONF_OK &&
      value[0] != '\0') {
    return fmt::format("user '{}'", value);
  }
  return "this client";
}

}  // namespace

Result<ConfPtr> make_conf(const Properties& defaults, const Properties& overrides) {
  ConfPtr conf(rd_kafka_conf_new());
  install_client_log(conf.get());
  char err[512];
  for (const Properties* list : {&defaults, &overrides}) {
    for (const auto& [key, value] : *list) {
      if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err, sizeof err) !=
          RD_KAFKA_CONF_OK) {
        return Error{fmt::format("librdkafka property {}={}: {}", key, value, err)};
      }
    }
  }
  return conf;
}

Status wait_for_cluster(rd_kafka_t* rk, const std::string& brokers, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  rd_kafka_resp_err_t last = RD_KAFKA_RESP_ERR_NO_ERROR;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    const rd_kafka_metadata_t* md = nullptr;
    last = rd_kafka_metadata(rk, 0, nullptr, &md, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (last == RD_KAFKA_RESP_ERR_NO_ERROR) {
      MetadataPtr owned(md);
      if (md->broker_cnt > 0) return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // What librdkafka logged says why (refused, TLS, SASL); the metadata call's error only that
  // it failed.
  if (const std::string why = connect_failure(rk); !why.empty()) {
    return Error{
        fmt::format("cannot reach Kafka at {} within {} ms: {}", brokers, timeout_ms, why)};
  }
  return Error{fmt::format("cannot reach Kafka at {} within {} ms ({})", brokers, timeout_ms,
                           rd_kafka_err2str(last))};
}

std::vector<std::string> broker_addresses(rd_kafka_t* rk, int timeout_ms) {
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 0, nullptr, &md, timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  MetadataPtr owned(md);
  std::vector<std::string> out;
  for (int i = 0; i < md->broker_cnt; ++i) {
    out.push_back(fmt::format("{}:{}", md->brokers[i].host, md->brokers[i].port));
  }
  return out;
}

std::string cluster_id(rd_kafka_t* rk, int timeout_ms) {
  char* id = rd_kafka_clusterid(rk, timeout_ms);
  if (!id) return {};
  std::string out(id);
  rd_kafka_mem_free(rk, id);
  return out;
}

Result<int> partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const auto err = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);
  rd_kafka_topic_destroy(rkt);
  if (err) return Error{fmt::format("metadata for topic {}: {}", topic, rd_kafka_err2str(err))};
  MetadataPtr owned(md);
  if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
    const auto terr =
        md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    if (terr == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) {
      return Error{fmt::format(
          "not authorized to use topic {}: the cluster's ACLs give {} no Describe on it ({})",
          topic, principal(rk), rd_kafka_err2str(terr))};
    }
    return Error{fmt::format("topic {} is not available: {}", topic, rd_kafka_err2str(terr))};
  }
  mark_client_in_use(rk);  // it can use the cluster: its log lines are news from now on
  return md->topics[0].partition_cnt;
}

Result<std::map<int32_t, OffsetRange>> partition_offsets(rd_kafka_t* rk, const std::string& topic,
                                                         int timeout_ms) {
  auto n = partition_count(rk, topic, timeout_ms);
  if (!n) return n.error();
  std::map<int32_t, OffsetRange> ranges;
  for (int32_t p = 0; p < *n; ++p) {
    OffsetRange& r = ranges[p];
    if (auto e =
            rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &r.low, &r.high, timeout_ms)) {
      return Error{fmt::format("offsets of {}[{}]: {}", topic, p, rd_kafka_err2str(e))};
    }
  }
  return ranges;
}

}  // namespace clicklog::kafka

namespace clicklog::kafka {
namespace {

struct AdminOptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
};
struct NewTopicDeleter {
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
};

}  // namespace

Status create_topic(rd_kafka_t* rk, const std::string& topic, int partitions, int timeout_ms) {
  char err[512];
  std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter> spec(
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, err, sizeof err));
  if (!spec) return Error{fmt::format("create topic {}: {}", topic, err)};
  std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
      rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, err, sizeof err);
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout_ms, err, sizeof err);
  QueuePtr queue(rd_kafka_queue_new(rk));
  rd_kafka_NewTopic_t* specs[] = {spec.get()};
  rd_kafka_CreateTopics(rk, specs, 1, options.get(), queue.get());
  std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
      rd_kafka_queue_poll(queue.get(), timeout_ms + 1000));
  if (!event)
    return Error{fmt::format("create topic {}: no answer within {} ms", topic, timeout_ms)};
  if (rd_kafka_event_error(event.get())) {
    return Error{
        fmt::format("create topic {}: {}", topic, rd_kafka_event_error_string(event.get()))};
  }
  size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (size_t i = 0; i < n; ++i) {
    if (rd_kafka_topic_result_error(results[i])) {
      const char* why = rd_kafka_topic_result_error_string(results[i]);
      return Error{
          fmt::format("create topic {}: {}", topic,
                      why ? why : rd_kafka_err2str(rd_kafka_topic_result_error(results[i])))};
    }
  }
  return {};
}

}  // namespace clicklog::kafka
