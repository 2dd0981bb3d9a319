// `clicklog demo`: the whole pipeline in one process on the embedded default: an embedded
// broker, a live producer thread, and the streaming job printing results every slide.
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "cli/commands.h"
#include "cli/live_hotels.h"
#include "cli/live_sink.h"
#include "cli/pipeline_run.h"
#include "cli/produce_loop.h"
#include "cli/run_flags.h"
#include "cli/terminal_view.h"
#include "common/log.h"
#include "common/shutdown.h"
#include "kafka/mock_cluster.h"

namespace clicklog::cli {

namespace {

struct DemoFlags {
  RunFlags run;
  std::string duration;
  double rate = 2000;
  int partitions = 16;
  uint64_t seed = 0;  // 0: different traffic every run
};

int run_demo(DemoFlags f) {
  const int64_t duration_ms = f.duration.empty() ? 0 : duration_flag("--duration", f.duration);
  auto cluster = kafka::MockCluster::create(1, {{f.run.kafka.topic, f.partitions},
                                                {"clicklog-dlq", 4},
                                                {"top-destinations", 1},
                                                {"clicklog-state", 1}});
  if (!cluster) {
    log::error("{}", cluster.error().message);
    return 1;
  }
  const std::string brokers = cluster->bootstrap_servers();
  f.run.kafka.brokers = brokers;
  f.run.from_beginning = true;
  f.run.group = "clicklog-demo";
  job::JobOptions job_options = to_job_options(f.run);  // throws UsageError
  job_options.checkpoint.interval_ms =
      0;  // the embedded broker dies with the demo: nothing to resume
  http::LiveView live;
  http::HotelLookups hotel_lookups;
  const auto http_endpoint = start_http_endpoint(
      f.run, live, {"demo", f.run.group, f.run.kafka.topic}, &hotel_lookups, /*for_demo=*/true);
  // /api/second-hotel: the demo keeps today's and yesterday's state in memory for it.
  LiveHotels live_hotels(hotel_lookups, nullptr, f.run.state_days);
  job::JobHooks hooks;
  live_hotels.attach(hooks);

  ProduceOptions produce;
  produce.topic = f.run.kafka.topic;
  produce.rate = f.rate;
  produce.generator.seed =
      f.seed ? f.seed
             : static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  produce.summary = false;
  auto producer = kafka::Producer::create(brokers, {}, 10'000);
  if (!producer) {
    log::error("{}", producer.error().message);
    return 1;
  }
  log::info(
      "demo: embedded broker at {}; producing {:.0f} events/s of live traffic; top {} "
      "destinations of the last {} every {}, once the watermark passes each window end; "
      "Ctrl-C to stop",
      brokers, f.rate, f.run.top, f.run.window, f.run.slide);

  Status produce_status;
  std::thread producer_thread([&] {
    auto r = produce_events(*producer, produce);
    if (!r) produce_status = Error{r.error().message};
    request_shutdown();
  });
  std::thread timer([&] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(duration_ms);
    while (!shutdown_requested()) {
      if (duration_ms > 0 && std::chrono::steady_clock::now() >= until) request_shutdown();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  const auto format =
      job::parse_output_format(f.run.output.empty() ? default_output_for_stdout() : f.run.output);
  auto stdout_sink = make_output_sink(*format, f.run.top);
  LiveSink sink(*stdout_sink, live);
  Status job_status = run_as_pipeline(job_options, std::move(hooks), sink);
  request_shutdown();
  producer_thread.join();
  timer.join();
  for (const Status* st : {&job_status, &produce_status}) {
    if (!st->ok()) {
      log::error("{}", st->message());
      return 1;
    }
  }
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<DemoFlags>();
  f->run.lateness = "2s";
  f->run.idle_timeout = "5s";
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Everything in one process, no outside service needed: an embedded broker, a live\n"
      "producer and the streaming job, printing the top destinations every slide (10 s)\n"
      "until Ctrl-C or --duration.");
  cmd->add_option("-d,--duration", f->duration,
                  "Stop after this long (e.g. 1m); default: until Ctrl-C");
  cmd->add_option("-r,--rate", f->rate, "Events per second produced")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--partitions", f->partitions, "Partitions of the embedded topic")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--seed", f->seed, "Random seed for the traffic (default: new every run)");
  add_run_flags(*cmd, f->run, /*for_demo=*/true);
  cmd->callback([&action, f] { action = [f] { return run_demo(*f); }; });
}

}  // namespace clicklog::cli
