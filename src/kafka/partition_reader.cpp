#include "kafka/partition_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "kafka/cluster_calls.h"
#include "kafka/handles.h"

namespace clicklog::kafka {

struct PartitionReader::Impl {
  std::string topic;
  int partitions = 0;
  HandlePtr rk;  // declared before the queue, destroyed after it
  QueuePtr queue;
  std::vector<rd_kafka_message_t*> polled;
};

PartitionReader::PartitionReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PartitionReader::PartitionReader(PartitionReader&&) noexcept = default;
PartitionReader& PartitionReader::operator=(PartitionReader&&) noexcept = default;
PartitionReader::~PartitionReader() = default;

Result<PartitionReader> PartitionReader::create(const std::string& brokers,
                                                const Properties& overrides,
                                                const std::string& topic, int connect_timeout_ms) {
  const Properties defaults = {{"bootstrap.servers", brokers},
                               {"client.id", "clicklog"},
                               {"enable.auto.commit", "false"},
                               {"enable.partition.eof", "true"}};
  auto conf = make_conf(defaults, overrides);
  if (!conf) return conf.error();
  // librdkafka's assign() wants a group id; assign() never joins it and nothing is committed.
  rd_kafka_conf_set(conf->get(), "group.id", "clicklog-partition-reader", nullptr, 0);
  char err[512];
  auto impl = std::make_unique<Impl>();
  impl->topic = topic;
  impl->rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err));
  if (!impl->rk) return Error{fmt::format("cannot create Kafka consumer: {}", err)};
  conf->release();
  auto n = partition_count(impl->rk.get(), topic, connect_timeout_ms);
  if (!n) return n.error();
  impl->partitions = *n;
  rd_kafka_poll_set_consumer(impl->rk.get());
  impl->queue.reset(rd_kafka_queue_get_consumer(impl->rk.get()));
  return PartitionReader(std::move(impl));
}

Status PartitionReader::assign(const std::map<int32_t, int64_t>& offsets) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [p, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), impl_->topic.c_str(), p)->offset =
        offset == kBeginning ? RD_KAFKA_OFFSET_BEGINNING
                             : (offset == kEnd ? RD_KAFKA_OFFSET_END : offset);
  }
  if (auto e = rd_kafka_assign(impl_->rk.get(), list.get())) {
    return Error{fmt::format("reading {}: {}", impl_->topic, rd_kafka_err2str(e))};
  }
  return {};
}

void PartitionReader::poll_batch(ConsumedBatch& out, size_t max, int timeout_ms) {
  out.poll(impl_->queue.get(), max, timeout_ms, impl_->polled);
}

Result<std::map<int32_t, PartitionReader::Range>> PartitionReader::ranges(int timeout_ms) {
  auto got = partition_offsets(impl_->rk.get(), impl_->topic, timeout_ms);
  if (!got) return got.error();
  std::map<int32_t, Range> out;
  for (const auto& [p, r] : *got) out[p] = Range{r.low, r.high};
  return out;
}

Result<PartitionReader::Range> PartitionReader::range(int32_t partition, int timeout_ms) {
  Range r;
  if (auto e = rd_kafka_query_watermark_offsets(impl_->rk.get(), impl_->topic.c_str(), partition,
                                                &r.low, &r.high, timeout_ms)) {
    return Error{
        fmt::format("offsets of {}[{}]: {}", impl_->topic, partition, rd_kafka_err2str(e))};
  }
  return r;
}

const std::string& PartitionReader::topic() const {
  return impl_->topic;
}
int PartitionReader::partitions() const {
  return impl_->partitions;
}

namespace {

// One partition's search for the last records of its keys: the span read back from its end
// grows until every key is found or the span reaches the partition's first record.
struct KeySearch {
  std::set<std::string> keys;
  PartitionReader::Range range;
  int64_t span = 0;
  int64_t from() const { return std::max(range.low, range.high - span); }
  bool at_start() const { return from() == range.low; }
};

// Reads [from, high) of every search once, keeping the last value of each key seen. Fails when
// the reader cannot be positioned or the deadline passes first.
Status read_spans(PartitionReader& reader, std::map<int32_t, KeySearch>& searches,
                  std::map<std::string, std::string>& values,
                  std::chrono::steady_clock::time_point deadline, int timeout_ms) {
  std::map<int32_t, int64_t> starts;
  std::map<int32_t, int64_t> last;  // partitions still being read, with their last offset
  for (const auto& [p, s] : searches) {
    starts[p] = s.from();
    last[p] = s.range.high - 1;
  }
  if (auto st = reader.assign(starts); !st) return st;
  ConsumedBatch batch;
  std::string last_error;  // the reader's, said when the deadline passes
  while (!last.empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Error{fmt::format("{} partition(s) not read within {} ms{}{}", last.size(), timeout_ms,
                               last_error.empty() ? "" : ": ", last_error)};
    }
    batch.clear();
    reader.poll_batch(batch, 256, 100);
    for (const Consumed& c : batch.items()) {
      const auto it = last.find(c.partition);
      if (it == last.end()) continue;
      if (c.kind == Consumed::Kind::kError) {
        last_error = std::string(c.value);
        continue;
      }
      if (c.kind == Consumed::Kind::kRecord && c.key) {
        const std::string key(*c.key);
        if (searches.at(c.partition).keys.count(key)) values[key] = std::string(c.value);
      }
      // The end marker's offset is the next one to be written: past a last offset that holds
      // no readable record (a transaction marker).
      if (c.offset >= it->second + (c.kind == Consumed::Kind::kPartitionEnd ? 1 : 0)) {
        last.erase(it);
      }
    }
  }
  return {};
}

}  // namespace

Result<std::map<std::string, std::string>> read_last_values(
    const std::string& brokers, const Properties& overrides, const std::string& topic,
    const std::map<int32_t, std::set<std::string>>& keys, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto reader = PartitionReader::create(brokers, overrides, topic, timeout_ms);
  if (!reader) return reader.error();
  auto ranges = reader->ranges(timeout_ms);
  if (!ranges) return ranges.error();
  std::map<int32_t, KeySearch> searches;
  for (const auto& [p, wanted] : keys) {
    const auto r = ranges->find(p);
    if (r == ranges->end() || r->second.high <= r->second.low || wanted.empty()) continue;
    // One record per key when each key has a partition of its own; a few turns' worth else.
    const int64_t span = wanted.size() == 1 ? 1 : 8 * static_cast<int64_t>(wanted.size());
    searches[p] = KeySearch{wanted, r->second, span};
  }
  std::map<std::string, std::string> values;
  while (!searches.empty()) {
    if (auto st = read_spans(*reader, searches, values, deadline, timeout_ms); !st) {
      return Error{fmt::format("reading the last records of {}: {}", topic, st.message())};
    }
    for (auto it = searches.begin(); it != searches.end();) {
      KeySearch& s = it->second;
      const bool all_found = std::all_of(s.keys.begin(), s.keys.end(),
                                         [&](const std::string& k) { return values.count(k); });
      if (all_found || s.at_start()) {
        it = searches.erase(it);
      } else {
        s.span *= 8;
        ++it;
      }
    }
  }
  return values;
}

}  // namespace clicklog::kafka
