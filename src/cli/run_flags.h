// The flags of the streaming job, shared by `clicklog run` and `clicklog demo`.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/common_flags.h"
#include "http/http_server.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

struct RunFlags {
  KafkaFlags kafka;
  std::string group = "clicklog";
  std::string instance_id;  // empty: a dynamic member
  bool from_beginning = false;
  bool until_end = false;
  bool scale_out = false;  // a member of a group that merges its partials (docs/scale-out.md)
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
  std::string http;       // ADDRESS:PORT of the HTTP endpoint; empty: none (demo: one anyway)
  int metrics_port = -1;  // older alias of --http: -1 none; 0 any free port
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

// Starts the HTTP endpoint (docs/http-api.md) that --http, or its older alias --metrics-port,
// asks for, serving `view` (and `hotels`, where /api/second-hotel asks the job; nullptr: no
// state); nullptr when none is asked for. `demo` serves one anyway, on 127.0.0.1:8080 or the
// next free port. Throws std::runtime_error when it cannot listen.
std::unique_ptr<http::HttpServer> start_http_endpoint(const RunFlags& flags, http::LiveView& view,
                                                      http::JobInfo info,
                                                      http::HotelLookups* hotels,
                                                      bool for_demo = false);

// Interprets the flags; throws UsageError for values that make no sense.
job::JobOptions to_job_options(const RunFlags& flags);

}  // namespace clicklog::cli
