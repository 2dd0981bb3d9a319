#include "job/group_topics.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "common/log.h"

namespace clicklog::job {

std::string partials_topic_of(const std::string& group) {
  return group + "-partials";
}
std::string merge_topic_of(const std::string& group) {
  return group + "-merge";
}

Result<kafka::PartitionReader> topic_reader(const JobOptions& options, const std::string& topic) {
  return kafka::PartitionReader::create(options.consumer.brokers, options.consumer.overrides, topic,
                                        options.consumer.connect_timeout_ms);
}

Result<int> existing_partitions(const JobOptions& options, const std::string& topic) {
  auto reader = topic_reader(options, topic);
  if (!reader) return reader.error();
  return reader->partitions();
}

namespace {

// A topic just created reaches the metadata of every broker a moment later (seen on a Kafka
// that had just started): asked again until it is there or the connect timeout passes.
Result<int> created_partitions(const JobOptions& options, const std::string& topic) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(options.consumer.connect_timeout_ms);
  for (;;) {
    auto n = existing_partitions(options, topic);
    if (n || std::chrono::steady_clock::now() >= deadline) return n;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

Result<int> ensure_topic(const JobOptions& options, kafka::Producer& producer,
                         const std::string& topic, int partitions) {
  const int timeout_ms = options.consumer.connect_timeout_ms;
  if (auto n = existing_partitions(options, topic); n) return *n;
  if (auto st = producer.create_topic(topic, partitions, timeout_ms); !st) {
    // Members started together race to create it: one wins, the others find it made.
    if (auto n = existing_partitions(options, topic); n) return *n;
    return Error{
        fmt::format("--scale-out: topic {} is missing and could not be created ({}); create it: "
                    "kafka-topics.sh --create --topic {} --partitions {}",
                    topic, st.message(), topic, partitions)};
  }
  auto n = created_partitions(options, topic);
  if (!n) {
    return Error{fmt::format("--scale-out: topic {} was created but is not there yet: {}", topic,
                             n.error().message)};
  }
  log::info("created topic {} ({} partition(s))", topic, *n);
  return *n;
}

}  // namespace clicklog::job
