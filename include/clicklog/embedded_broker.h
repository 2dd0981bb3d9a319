/// @file
/// @brief EmbeddedBroker: an in-process Kafka cluster for testing your own pipelines.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clicklog {

/// One ClickLog record to write (schema/clicklog.avsc); every field may be null.
struct Click {
  std::optional<int64_t> user_id;          ///< the user's id
  std::optional<std::string> time;         ///< RFC 3339, e.g. "2026-11-27T00:00:05Z"
  std::optional<std::string> action;       ///< e.g. "search", "filter", "click"
  std::optional<std::string> destination;  ///< the destination searched or viewed
  std::optional<std::string> hotel;        ///< the hotel clicked
};

/// librdkafka's mock cluster on loopback, the broker behind `clicklog broker`: a Kafka
/// protocol endpoint in this process with data in memory only (roughly the newest 5 MB of each
/// partition is kept). For tests: point PipelineOptions::brokers at bootstrap_servers().
class EmbeddedBroker {
 public:
  /// Starts the cluster with the topics given, each with `partitions` partitions (the mock
  /// cannot create topics through the admin API). Throws PipelineError when it cannot start.
  explicit EmbeddedBroker(const std::vector<std::string>& topics = {"clicklog", "clicklog-dlq"},
                          int partitions = 4);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  /// The bootstrap servers, e.g. "127.0.0.1:40123".
  const std::string& bootstrap_servers() const;

  /// Writes the clicks, Avro single-object encoded as clicklog reads them, to `topic`: the
  /// click at index i to partition i % partitions, so their order is kept per partition.
  /// Returns once all are acknowledged; throws PipelineError otherwise.
  void produce(const std::string& topic, const std::vector<Click>& clicks);

  /// Writes bytes that are no ClickLog record (a pipeline dead-letters them) to `topic`.
  void produce_raw(const std::string& topic, const std::string& value, int32_t partition = 0);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clicklog
