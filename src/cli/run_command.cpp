// `clicklog run`: the streaming job (top destinations; with --store, clicks are saved too).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/common_flags.h"
#include "cli/live_hotels.h"
#include "cli/live_sink.h"
#include "cli/pipeline_run.h"
#include "cli/run_flags.h"
#include "cli/stored_hotels.h"
#include "cli/terminal_view.h"
#include "common/log.h"
#include "job/top_destinations_job.h"
#include "store/click_saver.h"
#include "store/store_uri.h"

namespace clicklog::cli {

namespace {

int run_job(const RunFlags& f) {
  job::JobOptions options = to_job_options(f);  // throws UsageError
  http::LiveView live;
  http::HotelLookups hotel_lookups;
  const bool hotel_state = f.state_days > 0;
  // Days before the state's: from the store's clicks, on the request threads.
  std::optional<StoredHotels> stored_hotels;
  if (hotel_state && !f.store.empty()) {
    stored_hotels.emplace(f.store, std::chrono::milliseconds(options.consumer.connect_timeout_ms));
    hotel_lookups.set_archive(
        [&stored_hotels](const http::HotelQuestion& q) { return stored_hotels->answer(q); });
  }
  const auto http_endpoint = start_http_endpoint(f, live, {"run", f.group, f.kafka.topic},
                                                 hotel_state ? &hotel_lookups : nullptr);
  const auto format =
      job::parse_output_format(f.output.empty() ? default_output_for_stdout() : f.output);
  auto stdout_sink = make_output_sink(*format, options.processor.window.top_n);
  LiveSink live_sink(*stdout_sink, live);
  // Without an endpoint nobody reads the live view: the windows go to stdout only.
  job::ResultSink* sink =
      http_endpoint ? static_cast<job::ResultSink*>(&live_sink) : stdout_sink.get();
  // --store: clicks saved before offsets are stored, and the streaming second-hotel state.
  std::unique_ptr<store::Store> saved;
  std::unique_ptr<store::ClickSaver> saver;
  job::JobHooks hooks;
  if (!f.store.empty()) {
    auto uri = store::parse_store_uri(f.store);
    if (!uri) throw UsageError("--store: " + uri.error().message);
    // Members of a group share their clicks: a local store holds them only while this member
    // reads every partition.
    if (std::holds_alternative<store::RocksDbUri>(*uri)) {
      options.sole_member_because =
          "--store rocksdb: is local to one process, and the members of a --scale-out group "
          "share their clicks: use a shared store (--store cassandra://HOST/KEYSPACE)";
      options.may_form_group = false;  // without --scale-out it holds its windows back instead
    }
    auto opened = store::open_store(
        f.store,
        {store::Role::kIngest, std::chrono::milliseconds(options.consumer.connect_timeout_ms)});
    if (!opened) {
      log::error("{}", opened.error().message);
      return 1;
    }
    saved = std::move(*opened);
    saver = std::make_unique<store::ClickSaver>(*saved,
                                                store::SaverOptions{.state_days = f.state_days});
    // A member of a scaled-out group loads the state when it is given partitions, not before:
    // until then other members may still be saving clicks of those partitions. A job that
    // starts alone loads it now, and again as a member if its group forms.
    hooks.on_assigned = [&](const std::vector<int32_t>& ps) { return saver->on_assigned(ps); };
    hooks.on_revoked = [&](const std::vector<int32_t>& ps) { saver->on_revoked(ps); };
    if (!f.scale_out) {
      if (auto st = saver->seed(); !st) {
        log::error("{}", st.message());
        return 1;
      }
    }
    hooks.on_event = [&](const TimedEvent& e, int32_t p, int64_t o) { saver->on_event(e, p, o); };
    hooks.before_offsets = [&] { return saver->before_offsets(); };
  }
  // /api/second-hotel: from the saver's state, or (no --store) from one kept for it alone.
  std::optional<LiveHotels> live_hotels;
  if (http_endpoint && hotel_state) {
    live_hotels.emplace(hotel_lookups, saver ? &saver->state() : nullptr, f.state_days);
    live_hotels->attach(hooks);
  }
  const Status status = run_as_pipeline(options, std::move(hooks), *sink);
  if (saver && (options.until_end || !status.ok())) {
    std::fprintf(stderr, "%s\n", saver->summary().c_str());
  }
  if (!status.ok()) {
    log::error("{}", status.message());
    return 1;
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<RunFlags>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "The streaming job: the most searched destinations over a sliding event-time window,\n"
      "emitted once the watermark passes each window end. Joins consumer group --group;\n"
      "bad records go to the dead-letter topic. Results on stdout, logs on stderr.");
  add_kafka_flags(*cmd, f->kafka);
  add_run_flags(*cmd, *f);
  cmd->callback([&action, f] { action = [f] { return run_job(*f); }; });
}

}  // namespace clicklog::cli
