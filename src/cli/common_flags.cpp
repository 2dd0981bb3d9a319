#include "cli/common_flags.h"

#include <fmt/format.h>
#include <unistd.h>

#include <stdexcept>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "common/duration.h"
#include "kafka/properties_file.h"

namespace clicklog::cli {

kafka::Properties KafkaFlags::parsed_properties() const {
  kafka::Properties out;
  if (!kafka_config.empty()) {
    warn_if_readable_by_others("--kafka-config", kafka_config);
    auto file = kafka::read_properties_file(kafka_config);
    if (!file) throw std::runtime_error("--kafka-config: " + file.error().message);
    out = std::move(*file);
  }
  for (const auto& text : properties) {
    auto kv = kafka::parse_property(text);
    if (!kv) throw UsageError(kv.error().message);
    out.push_back(*kv);
  }
  return out;
}

int KafkaFlags::connect_timeout_ms() const {
  return static_cast<int>(duration_flag("--timeout", connect_timeout));
}

void add_kafka_flags(CLI::App& cmd, KafkaFlags& f, bool brokers_required) {
  auto* b =
      cmd.add_option("-b,--brokers", f.brokers, "Kafka bootstrap servers, host:port[,host:port]");
  if (brokers_required) b->required();
  cmd.add_option("-t,--topic", f.topic, "Topic of ClickLog events")->capture_default_str();
  cmd.add_option("-X", f.properties,
                 "librdkafka property key=value (security, tuning); repeatable, wins over defaults")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  cmd.add_option("--kafka-config", f.kafka_config,
                 "File of librdkafka properties, one key=value a line, # comments (kcat -F "
                 "form); -X wins over it")
      ->type_name("FILE");
  cmd.add_option("--timeout", f.connect_timeout,
                 "How long to wait for the brokers to answer before failing")
      ->capture_default_str();
}

int64_t duration_flag(const std::string& flag, const std::string& value) {
  const auto ms = parse_duration_ms(value);
  if (!ms) {
    throw UsageError(
        fmt::format("{}: '{}' is not a duration (examples: 10s, 10m, 250ms, 1h30m)", flag, value));
  }
  return *ms;
}

std::string default_output_for_stdout() {
  return isatty(STDOUT_FILENO) ? "table" : "jsonl";
}

}  // namespace clicklog::cli
