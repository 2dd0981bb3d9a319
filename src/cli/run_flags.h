// The flags of the streaming job, shared by `clicklog run` and `clicklog demo`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/common_flags.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

struct RunFlags {
  KafkaFlags kafka;
  std::string group = "clicklog";
  bool from_beginning = false;
  bool until_end = false;
  std::string window = "10m";
  std::string slide = "10s";
  int top = 10;
  std::string lateness = "10s";
  std::string idle_timeout = "30s";
  std::string output;  // empty: table on a terminal, jsonl otherwise
  std::string value_format = "single-object";
  std::string dlq_topic = "clicklog-dlq";
  std::string store;    // empty: clicks are not saved
  int state_days = 2;   // UTC days the streaming second-hotel state holds (with --store)
};

// Registers the job flags (not the Kafka ones). `demo` leaves out what it fixes itself.
void add_run_flags(CLI::App& cmd, RunFlags& flags, bool for_demo = false);

// Interprets the flags; throws UsageError for values that make no sense.
job::JobOptions to_job_options(const RunFlags& flags);

}  // namespace clicklog::cli
