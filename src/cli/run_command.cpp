// `clicklog run`: the streaming job (top destinations; with --store, clicks are saved too).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common_flags.h"
#include "cli/run_flags.h"
#include "common/log.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

namespace {

int run_job(const RunFlags& f) {
  const job::JobOptions options = to_job_options(f);  // throws UsageError
  const auto format = job::parse_output_format(f.output.empty() ? default_output_for_stdout() : f.output);
  auto sink = job::make_stdout_sink(*format, options.processor.window.top_n);
  if (auto st = job::run_top_destinations(options, *sink); !st) {
    log::error("{}", st.message());
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
