// The flags of the streaming job, shared by `clicklog run` and `clicklog demo`.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/common_flags.h"
#include "common/metrics_server.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

struct RunFlags {
  KafkaFlags kafka;
  std::string group = "clicklog";
  std::string instance_id;  // empty: a dynamic member
  bool from_beginning = false;
  bool until_end = false;
  std::string window = "10m";
  std::string slide = "10s";
  int top = 10;
  std::string lateness = "10s";
  std::string idle_timeout = "30s";
  std::string max_future = "2m";  // "0": no ceiling on event time
  size_t max_field_bytes = 1024;  // 0: no limit
  std::string output;             // empty: table on a terminal, jsonl otherwise
  std::string value_format = "single-object";
  std::string dlq_topic = "clicklog-dlq";
  int metrics_port = -1;  // -1: no endpoint; 0: any free port
  std::string metrics_address = "127.0.0.1";
  std::string store;   // empty: clicks are not saved
  int state_days = 2;  // UTC days the streaming second-hotel state holds (with --store)
  std::string checkpoint_interval = "10s";   // "0": no checkpoints
  std::string state_dir;                     // empty: derived from the group
  std::optional<std::string> results_topic;  // unset: "top-destinations" if it exists
  std::optional<std::string> state_topic;    // unset: "clicklog-state" if it exists
};

// Registers the job flags (not the Kafka ones). `demo` leaves out what it fixes itself.
void add_run_flags(CLI::App& cmd, RunFlags& flags, bool for_demo = false);

// Starts the /metrics endpoint when --metrics-port asks for it (nullptr otherwise); throws
// std::runtime_error when the port cannot be bound.
std::unique_ptr<metrics::Server> start_metrics_endpoint(const RunFlags& flags);

// Interprets the flags; throws UsageError for values that make no sense.
job::JobOptions to_job_options(const RunFlags& flags);

}  // namespace clicklog::cli
