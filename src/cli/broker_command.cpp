// `clicklog broker`: an embedded Kafka-protocol cluster for trying and testing.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "cli/common_flags.h"
#include "common/duration.h"
#include "common/log.h"
#include "common/shutdown.h"
#include "kafka/fault_injector.h"
#include "kafka/mock_cluster.h"

namespace clicklog::cli {

namespace {
struct BrokerOptions {
  int brokers = 1;
  int partitions = 16;
  std::vector<std::string> topics = {"clicklog", "clicklog-dlq", "top-destinations",
                                     "clicklog-state"};
  std::string faults_every = "0";
  std::string faults_for = "0";
  uint64_t faults_seed = 1;
  std::vector<std::string> faults_kinds;
};

kafka::FaultPlanConfig fault_plan_config(const BrokerOptions& o) {
  kafka::FaultPlanConfig c;
  c.brokers = o.brokers;
  c.topics = o.topics;
  c.partitions = o.partitions;
  c.every_ms = duration_flag("--faults-every", o.faults_every);  // throws UsageError
  c.for_ms = duration_flag("--faults-for", o.faults_for);
  c.seed = o.faults_seed;
  for (const auto& name : o.faults_kinds)
    c.only.push_back(*kafka::parse_fault_kind(name));  // checked by CLI11
  return c;
}

int run_broker(const BrokerOptions& o) {
  const kafka::FaultPlanConfig faults = fault_plan_config(o);
  std::vector<kafka::TopicSpec> topics;
  for (const auto& t : o.topics) topics.push_back({t, o.partitions});
  auto cluster = kafka::MockCluster::create(o.brokers, topics);
  if (!cluster) {
    log::error("{}", cluster.error().message);
    return 1;
  }
  std::printf("%s\n", cluster->bootstrap_servers().c_str());
  std::fflush(stdout);
  log::info(
      "embedded Kafka cluster up: {} broker(s), topics {} with {} partitions each; "
      "in memory only, about 5 MB kept per partition; Ctrl-C to stop",
      o.brokers, fmt::join(o.topics, ", "), o.partitions);
  std::optional<kafka::FaultInjector> injector;
  if (faults.every_ms > 0) {
    injector.emplace(*cluster, faults);
    log::info("injecting a fault every {} (seed {}), {}", format_duration(faults.every_ms),
              faults.seed,
              faults.for_ms > 0 ? "healing after " + format_duration(faults.for_ms)
                                : std::string("until stopped"));
  }
  const auto started = std::chrono::steady_clock::now();
  while (!shutdown_requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (injector) {
      injector->tick(std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count());
    }
  }
  if (injector) {
    injector->heal_all();
    log::info("{}", injector->summary());
  }
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
      "Like librdkafka's mock, it creates an unknown topic on first use (4 partitions).\n"
      "With --faults-every it also breaks itself, for testing clients: every period it injects\n"
      "one seeded fault (a broker down for 0.5-3 s, never the last one up; a partition without\n"
      "a leader for 1.5-2.5 s, then led by a broker picked at random; the next 1-5\n"
      "Fetch/OffsetCommit/Heartbeat requests failing with a retriable error; 50-500 ms of\n"
      "latency on a broker for 1-3 s), each logged as one stderr line, and heals everything\n"
      "after --faults-for.");
  cmd->add_option("--brokers", o->brokers, "Number of brokers")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  cmd->add_option("--partitions", o->partitions, "Partitions of each topic created")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--create-topic", o->topics, "Topics to create (repeatable)")
      ->capture_default_str()
      ->allow_extra_args(false);
  cmd->add_option("--faults-every", o->faults_every,
                  "Inject one fault per period (e.g. 2s, 500ms; 0: no faults)")
      ->capture_default_str();
  cmd->add_option("--faults-for", o->faults_for,
                  "Stop injecting after this long and heal the cluster (0: until stopped)")
      ->capture_default_str();
  cmd->add_option("--faults-seed", o->faults_seed,
                  "Seed of the fault schedule: the same seed and flags, the same faults")
      ->capture_default_str();
  cmd->add_option(
         "--faults-kinds", o->faults_kinds,
         "Only these kinds of fault (comma-separated; default all): broker-down, leader-move, "
         "request-errors, latency")
      ->delimiter(',')
      ->check(CLI::IsMember({"broker-down", "leader-move", "request-errors", "latency"}));
  cmd->callback([&action, o] { action = [o] { return run_broker(*o); }; });
}

}  // namespace clicklog::cli
