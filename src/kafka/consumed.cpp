#include "kafka/consumed.h"

#include <librdkafka/rdkafka.h>

namespace clicklog::kafka {
namespace {

// Errors after which reading on would be wrong or useless: the job stops and says why.
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

void ConsumedBatch::clear() {
  items_.clear();
  for (rd_kafka_message_t* m : owned_) rd_kafka_message_destroy(m);
  owned_.clear();
}

void ConsumedBatch::append(ConsumedBatch& other) {
  if (items_.empty() && owned_.empty()) {
    swap(other);
    return;
  }
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  owned_.insert(owned_.end(), other.owned_.begin(), other.owned_.end());
  other.items_.clear();
  other.owned_.clear();
}

void ConsumedBatch::poll(rd_kafka_queue_t* queue, size_t max, int timeout_ms,
                         std::vector<rd_kafka_message_t*>& buffer) {
  buffer.resize(max);
  const ssize_t n = rd_kafka_consume_batch_queue(queue, timeout_ms, buffer.data(), max);
  for (ssize_t i = 0; i < n; ++i) add(buffer[i]);
}

void ConsumedBatch::add(rd_kafka_message_t* m) {
  owned_.push_back(m);
  Consumed c;
  c.partition = m->partition;
  c.offset = m->offset;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    c.kind = Consumed::Kind::kPartitionEnd;
  } else if (m->err) {
    c.kind = Consumed::Kind::kError;
    c.value = rd_kafka_message_errstr(m);
    c.fatal = is_fatal(m->err);
  } else {
    if (m->key) c.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
    c.value = std::string_view(static_cast<const char*>(m->payload), m->len);
  }
  items_.push_back(c);
}

}  // namespace clicklog::kafka
