// Flags several subcommands share (brokers, -X properties, timeouts, durations), registered
// and interpreted the same way everywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "kafka/client_config.h"

namespace clicklog::cli {

struct KafkaFlags {
  std::string brokers;
  std::string topic = "clicklog";
  std::vector<std::string> properties;  // -X key=value
  std::string kafka_config;             // --kafka-config FILE: properties, -X wins over them
  std::string connect_timeout = "10s";

  // The --kafka-config file's properties, then the -X ones. Throws UsageError for a bad -X,
  // std::runtime_error for a file that cannot be read or parsed (exit 1, one line).
  kafka::Properties parsed_properties() const;
  int connect_timeout_ms() const;  // throws UsageError
};

void add_kafka_flags(CLI::App& cmd, KafkaFlags& flags, bool brokers_required = true);

// Parses a duration flag ("10m", "250ms"); throws UsageError naming the flag.
int64_t duration_flag(const std::string& flag, const std::string& value);

// "table" on a terminal, "jsonl" otherwise, unless the user chose.
std::string default_output_for_stdout();

}  // namespace clicklog::cli
