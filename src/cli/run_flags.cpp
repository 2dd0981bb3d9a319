#include "cli/run_flags.h"

#include "cli/commands.h"
#include "common/log.h"

namespace clicklog::cli {

void add_run_flags(CLI::App& cmd, RunFlags& f, bool for_demo) {
  if (!for_demo) {
    cmd.add_option("-g,--group", f.group,
                   "Consumer group: processes in one group share the partitions and give one "
                   "answer: a process reads alone until another joins its group, then they form "
                   "a scaled-out group (see --scale-out; with --store rocksdb: a process holding "
                   "only some partitions holds its windows back until it reads them all)")
        ->capture_default_str();
    cmd.add_option("--instance-id", f.instance_id,
                   "Static member id (Kafka's group.instance.id), unique in the group: restarted "
                   "with the same id, the process takes its partitions back at once instead of "
                   "after the session timeout (a stopped static member's partitions wait for "
                   "that timeout too); its default --state-dir is per id");
    cmd.add_flag("--from-beginning", f.from_beginning,
                 "Start at the earliest offsets where the group has no committed position");
    cmd.add_flag("--until-end", f.until_end,
                 "Stop at the end offsets seen at start, after emitting every window holding "
                 "data; in a scaled-out group, once the group has done so (see --scale-out)");
    cmd.add_flag("--scale-out", f.scale_out,
                 "Be a member of a scaled-out group from the start (without it, a process "
                 "becomes one when a second joins its group, or when its group formed before): "
                 "each member publishes its partitions' partial counts to the topic "
                 "<group>-partials, and the member elected in <group>-merge merges them and alone "
                 "emits the windows. Both topics are created if missing. With --until-end every "
                 "member exits once the merger has written that the group reached the end "
                 "offsets it saw at start (docs/scale-out.md)");
    cmd.add_option("--value-format", f.value_format,
                   "single-object (Avro single-object encoding) or raw (bare Avro body)")
        ->capture_default_str()
        ->check(CLI::IsMember({"single-object", "raw"}));
    cmd.add_option("--dlq-topic", f.dlq_topic, "Dead-letter topic for bad records")
        ->capture_default_str();
    cmd.add_option("--store", f.store,
                   "Save clicks for `clicklog second-hotel`: rocksdb:PATH or "
                   "cassandra://HOST[:PORT][,HOST...]/KEYSPACE[?replication=N&ttl_days=N&ca=PEM"
                   "&user=U&password=file:PATH]");
    cmd.add_option("--state-days", f.state_days,
                   "With --store: UTC days (today and before) of the streaming second-hotel "
                   "state, loaded from the store at start; 0 turns it off")
        ->capture_default_str()
        ->check(CLI::Range(0, 31));
    cmd.add_option("--checkpoint-interval", f.checkpoint_interval,
                   "Save window state, watermarks and offsets this often (and at a graceful stop), "
                   "so a restarted job resumes exactly; 0 turns checkpoints off")
        ->capture_default_str();
    cmd.add_option("--state-dir", f.state_dir,
                   "Folder of the job's checkpoint (default: "
                   "${XDG_STATE_HOME:-$HOME/.local/state}/clicklog/<group>)");
    cmd.add_option("--results-topic", f.results_topic,
                   "Also publish each window to this topic (key: window end; value: its JSON "
                   "line); '' turns it off [default: top-destinations, when it exists]");
    cmd.add_option("--state-topic", f.state_topic,
                   "Also copy each checkpoint here (a compacted topic), so a job started on "
                   "another machine resumes from it; '' turns it off [default: clicklog-state, "
                   "when it exists]");
  }
  cmd.add_option("-w,--window", f.window, "Window length")->capture_default_str();
  cmd.add_option("-s,--slide", f.slide, "Window slide: one result per slide")
      ->capture_default_str();
  cmd.add_option("--top", f.top, "Destinations per result")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd.add_option("--lateness", f.lateness,
                 "Allowed disorder within a partition: windows wait this long in event time")
      ->capture_default_str();
  cmd.add_option("--idle-timeout", f.idle_timeout,
                 "A partition without records this long stops holding back the watermark")
      ->capture_default_str();
  cmd.add_option("--max-future", f.max_future,
                 "A record timed more than this ahead of this machine's clock is a bad record "
                 "(future_time, to the dead-letter topic) and moves no watermark; 0 turns the "
                 "ceiling off, for replays of simulated future times")
      ->capture_default_str();
  cmd.add_option("--max-field-bytes", f.max_field_bytes,
                 "A destination or hotel longer than this is a bad record (field_too_long); 0: "
                 "no limit")
      ->capture_default_str();
  cmd.add_option("--http", f.http,
                 for_demo ? "ADDRESS:PORT of the live page, JSON API and /metrics (default: "
                            "127.0.0.1:8080, or the next free port; port 0: any free port)"
                          : "Serve the live page, JSON API and /metrics at ADDRESS:PORT "
                            "(docs/http-api.md; loopback unless an address is given; port 0: "
                            "any free port)");
  cmd.add_option("--metrics-port", f.metrics_port, "Older form of --http 127.0.0.1:PORT")
      ->check(CLI::Range(0, 65535));
  cmd.add_option("--metrics-address", f.metrics_address, "With --metrics-port: its address")
      ->capture_default_str();
  cmd.add_option("-o,--output", f.output,
                 "table or jsonl (default: table on a terminal, else jsonl)")
      ->check(CLI::IsMember({"table", "jsonl"}));
}

namespace {

std::unique_ptr<http::HttpServer> announce(std::unique_ptr<http::HttpServer> server) {
  log::info("http at {} (live page; JSON API under /api; docs/http-api.md)", server->url());
  log::info("metrics at {}metrics", server->url());
  return server;
}

}  // namespace

std::unique_ptr<http::HttpServer> start_http_endpoint(const RunFlags& f, http::LiveView& view,
                                                      http::JobInfo info,
                                                      http::HotelLookups* hotels, bool for_demo) {
  http::Endpoint endpoint;
  if (!f.http.empty()) {
    auto parsed = http::parse_endpoint(f.http);
    if (!parsed) throw UsageError(parsed.error().message);
    endpoint = *parsed;
  } else if (f.metrics_port >= 0) {
    endpoint = {f.metrics_address, f.metrics_port};
  } else if (for_demo) {
    // A familiar port when it is free, so that the URL is the same from one demo to the next.
    for (int port = 8080; port < 8090; ++port) {
      if (auto s = http::HttpServer::start({"127.0.0.1", port}, view, info, hotels)) {
        return announce(std::move(*s));
      }
    }
  } else {
    return nullptr;
  }
  auto server = http::HttpServer::start(endpoint, view, std::move(info), hotels);
  if (!server) throw std::runtime_error(server.error().message);
  return announce(std::move(*server));
}

job::JobOptions to_job_options(const RunFlags& f) {
  job::JobOptions o;
  o.consumer.brokers = f.kafka.brokers;
  o.consumer.topic = f.kafka.topic;
  o.consumer.group = f.group;
  o.consumer.instance_id = f.instance_id;
  o.consumer.from_beginning = f.from_beginning;
  o.consumer.connect_timeout_ms = f.kafka.connect_timeout_ms();
  o.consumer.overrides = f.kafka.parsed_properties();
  o.until_end = f.until_end;
  o.scale_out = f.scale_out;
  o.dlq_topic = f.dlq_topic;
  o.processor.window.window_ms = duration_flag("--window", f.window);
  o.processor.window.slide_ms = duration_flag("--slide", f.slide);
  o.processor.window.top_n = f.top;
  if (auto why = window::validate(o.processor.window); !why.empty()) {
    throw UsageError("--window/--slide: " + why);
  }
  o.processor.lateness_ms = duration_flag("--lateness", f.lateness);
  o.processor.idle_timeout_ms = duration_flag("--idle-timeout", f.idle_timeout);
  o.processor.guards.max_future_ms = duration_flag("--max-future", f.max_future);
  o.processor.guards.max_field_bytes = f.max_field_bytes;
  o.checkpoint.interval_ms = duration_flag("--checkpoint-interval", f.checkpoint_interval);
  o.checkpoint.state_dir = f.state_dir;
  o.checkpoint.instance_id = f.instance_id;
  o.results_topic = f.results_topic.value_or("top-destinations");
  o.results_topic_required = f.results_topic.has_value();
  o.state_topic = f.state_topic.value_or("clicklog-state");
  o.state_topic_required = f.state_topic.has_value();
  o.processor.framing =
      f.value_format == "raw" ? avro::Framing::kRaw : avro::Framing::kSingleObject;
  return o;
}

}  // namespace clicklog::cli
