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
  std::string connect_timeout = "10s";

  kafka::Properties parsed_properties() const;  // throws UsageError
  int connect_timeout_ms() const;               // throws UsageError
};

void add_kafka_flags(CLI::App& cmd, KafkaFlags& flags, bool brokers_required = true);

// Parses a duration flag ("10m", "250ms"); throws UsageError naming the flag.
int64_t duration_flag(const std::string& flag, const std::string& value);

// "table" on a terminal, "jsonl" otherwise, unless the user chose.
std::string default_output_for_stdout();

}  // namespace clicklog::cli
