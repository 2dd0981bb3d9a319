// `clicklog broker`: an embedded Kafka-protocol cluster for trying and testing.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "common/log.h"
#include "common/shutdown.h"
#include "kafka/mock_cluster.h"

namespace clicklog::cli {

namespace {
struct BrokerOptions {
  int brokers = 1;
  int partitions = 16;
  std::vector<std::string> topics = {"clicklog", "clicklog-dlq", "top-destinations", "clicklog-state"};
};

int run_broker(const BrokerOptions& o) {
  std::vector<kafka::TopicSpec> topics;
  for (const auto& t : o.topics) topics.push_back({t, o.partitions});
  auto cluster = kafka::MockCluster::create(o.brokers, topics);
  if (!cluster) {
    log::error("{}", cluster.error().message);
    return 1;
  }
  std::printf("%s\n", cluster->bootstrap_servers().c_str());
  std::fflush(stdout);
  log::info("embedded Kafka cluster up: {} broker(s), topics {} with {} partitions each; "
            "in memory only, about 5 MB kept per partition; Ctrl-C to stop",
            o.brokers, fmt::join(o.topics, ", "), o.partitions);
  while (!shutdown_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  log::info("embedded Kafka cluster stopping");
  return 0;
}
}  // namespace

void add_broker_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<BrokerOptions>();
  CLI::App* cmd = app.add_subcommand(
      "broker",
      "Start an embedded Kafka-protocol cluster on loopback (librdkafka's mock cluster) for\n"
      "trying and testing. Prints the bootstrap list as its first stdout line and runs until\n"
      "SIGINT/SIGTERM. Data is kept in memory only and bounded: the newest ~5 MB of each\n"
      "partition survive, older records are dropped, so use enough partitions for your data.\n"
      "Like librdkafka's mock, it creates an unknown topic on first use (4 partitions).");
  cmd->add_option("--brokers", o->brokers, "Number of brokers")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--partitions", o->partitions, "Partitions of each topic created")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--create-topic", o->topics, "Topics to create (repeatable)")
      ->capture_default_str()
      ->allow_extra_args(false);
  cmd->callback([&action, o] { action = [o] { return run_broker(*o); }; });
}

}  // namespace clicklog::cli
