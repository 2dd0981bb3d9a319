// `clicklog produce`: realistic random ClickLog traffic into Kafka, live or as a replayable
// data set with simulated event times.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "avro/codec.h"
#include "cli/commands.h"
#include "cli/common_flags.h"
#include "cli/produce_loop.h"
#include "common/duration.h"
#include "common/log.h"
#include "common/time_format.h"
#include "event/classify.h"
#include "event/event_time.h"

namespace clicklog::cli {

namespace {

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int run_produce(const ProduceFlags& f) {
  auto options = to_produce_options(f);  // throws UsageError
  auto producer = kafka::Producer::create(f.kafka.brokers, f.kafka.parsed_properties(),
                                          f.kafka.connect_timeout_ms());
  if (!producer) {
    log::error("{}", producer.error().message);
    return 1;
  }
  if (auto n = producer->partition_count(f.kafka.topic, f.kafka.connect_timeout_ms()); !n) {
    // The hint only where the topic is missing, not where it is only forbidden.
    const bool missing = n.error().message.find("Unknown topic") != std::string::npos;
    log::error("{}{}", n.error().message,
               missing ? " (create it first, e.g. with 16 partitions)" : "");
    return 1;
  }
  const auto result = produce_events(*producer, options);
  if (!result) {
    log::error("{}", result.error().message);
    return 1;
  }
  return 0;
}

// Simulated times beyond the ceiling of `clicklog run --max-future` would all be dead-lettered
// by a job with the default: say so before sending them, not after.
void warn_if_future(const ProduceOptions& o) {
  const int64_t ceiling = wall_now_ms() + RecordGuards{}.max_future_ms;
  int64_t events = o.count;
  if (events == 0 && o.rate > 0 && o.duration_ms > 0) {
    events = static_cast<int64_t>(o.rate * static_cast<double>(o.duration_ms) / 1000);
  }
  const int64_t first = o.generator.start_ms;
  const int64_t last = first + std::max<int64_t>(events - 1, 0) * o.generator.event_interval_ms;
  if (last <= ceiling) return;  // an unbounded run is judged by its first event only
  log::warn(
      "event times from {} on are more than {} ahead of this machine's clock: `clicklog run` "
      "dead-letters them (future_time) unless it runs with --max-future 0",
      format_rfc3339_utc(std::max(first, ceiling)), format_duration(RecordGuards{}.max_future_ms));
}

}  // namespace

ProduceOptions to_produce_options(const ProduceFlags& f) {
  ProduceOptions o;
  o.topic = f.kafka.topic;
  o.count = f.count;
  o.rate = f.rate;
  if (!f.duration.empty()) o.duration_ms = duration_flag("--duration", f.duration);
  o.generator.seed = f.seed;
  o.generator.users = f.users;
  o.generator.destinations = f.destinations;
  o.framing = f.value_format == "raw" ? avro::Framing::kRaw : avro::Framing::kSingleObject;
  o.bad_every = f.bad_every;
  o.progress = f.progress.empty() ? isatty(STDERR_FILENO) != 0 : f.progress == "on";
  const bool simulated = !f.start.empty() || f.event_interval_ms > 0;
  if (simulated) {
    if (f.start.empty() || f.start == "now") {
      o.generator.start_ms = wall_now_ms() / 1000 * 1000;
    } else {
      const auto t = parse_event_time(f.start);
      if (!t) {
        throw UsageError(fmt::format(
            "--start: '{}' is not a time (RFC 3339 like 2026-11-27T00:00:00Z, or now)", f.start));
      }
      o.generator.start_ms = *t;
    }
    o.generator.event_interval_ms = f.event_interval_ms > 0 ? f.event_interval_ms : 10;
  }
  if (simulated) warn_if_future(o);
  if (o.count == 0 && o.rate == 0) o.rate = 1000;  // a gentle live stream by default
  if (auto st = generator::validate(o.generator); !st) throw UsageError(st.message());
  return o;
}

void add_produce_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<ProduceFlags>();
  CLI::App* cmd = app.add_subcommand(
      "produce",
      "Send realistic random ClickLog events: users in sessions that search a destination,\n"
      "filter, then click its hotels, with Zipf-like popularity. Keyed by user id, idempotent,\n"
      "acks=all. Without --count it runs at --rate until --duration or Ctrl-C; event times are\n"
      "the wall clock unless --start/--event-interval-ms simulate them for a replayable data set.");
  add_kafka_flags(*cmd, f->kafka);
  cmd->add_option("-n,--count", f->count, "Number of events to send (0: unbounded)");
  cmd->add_option("-r,--rate", f->rate,
                  "Events per second (0: as fast as possible; default 1000 without --count)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-d,--duration", f->duration, "Stop after this long (e.g. 30s, 5m)");
  cmd->add_option("--seed", f->seed, "Random seed: the same seed and flags give the same events")
      ->capture_default_str();
  cmd->add_option("--users", f->users, "Number of distinct users")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--destinations", f->destinations, "Number of distinct destinations")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option(
      "--start", f->start,
      "Simulated event time of the first event (RFC 3339, or 'now'); enables simulated times");
  cmd->add_option("--event-interval-ms", f->event_interval_ms,
                  "Simulated time between consecutive events (default 10 with --start)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--value-format", f->value_format,
                  "single-object (Avro single-object encoding) or raw (bare Avro body)")
      ->capture_default_str()
      ->check(CLI::IsMember({"single-object", "raw"}));
  cmd->add_option("--bad-every", f->bad_every,
                  "Replace every Nth event with a deliberately malformed record (for testing the "
                  "dead-letter path)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress", f->progress,
                  "Progress line on stderr: on/off (default: on when stderr is a terminal)")
      ->check(CLI::IsMember({"on", "off"}));
  cmd->callback([&action, f] { action = [f] { return run_produce(*f); }; });
}

}  // namespace clicklog::cli
