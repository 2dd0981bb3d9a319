/// @file
/// @brief PipelineOptions: where a pipeline reads, how it windows, how it recovers.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace clicklog {

/// Everything a Pipeline needs; the defaults are those of `clicklog run` (CONTRACT.md), but
/// for checkpoints, which are off unless an interval is given.
struct PipelineOptions {
  /// @name Kafka
  ///@{
  std::string brokers = "localhost:9092";  ///< bootstrap servers, comma-separated
  std::string topic = "clicklog";          ///< the ClickLog topic read
  std::string group = "clicklog";          ///< the consumer group joined
  bool from_beginning = false;  ///< read from the earliest offset where the group has none
  /// Stop at the end offsets seen at start, after emitting every window holding data (a
  /// bounded replay); otherwise run until stop is requested (SIGINT/SIGTERM).
  bool until_end = false;
  std::string dead_letter_topic = "clicklog-dlq";  ///< bad records go here, unchanged
  /// Any librdkafka property (security, tuning), as `-X key=value`.
  std::map<std::string, std::string> kafka_properties;
  std::chrono::milliseconds timeout{10000};  ///< for the brokers to answer at start
  /// Values framed as Avro single-object encoding (the default) or bare Avro bodies.
  bool raw_values = false;
  ///@}

  /// @name Windows (event time)
  ///@{
  std::chrono::milliseconds window{10 * 60 * 1000};  ///< a window's length
  std::chrono::milliseconds slide{10000};            ///< between window ends; divides the window
  int top_n = 10;                                    ///< destinations ranked per window
  /// How far a partition's watermark trails the newest event time it has read.
  std::chrono::milliseconds lateness{10000};
  /// A partition silent this long stops holding the watermark back.
  std::chrono::milliseconds idle_timeout{30000};
  /// An event time further ahead of the wall clock is dead-lettered; 0: no ceiling.
  std::chrono::milliseconds max_future{2 * 60 * 1000};
  ///@}

  /// @name Checkpoints
  /// The windows' state and the offsets saved together, so that a pipeline killed and
  /// restarted emits exactly the windows it would have. Without them offsets are committed as
  /// records are handled (as `clicklog run --checkpoint-interval 0`).
  ///@{
  std::chrono::milliseconds checkpoint_interval{0};  ///< how often; 0: none
  /// The folder of the checkpoints; empty: a folder per group under $XDG_STATE_HOME.
  std::string state_dir;
  ///@}
};

}  // namespace clicklog
