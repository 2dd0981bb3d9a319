// clicklog: click-stream analytics on Kafka. Exit status: 0 done, 1 failure, 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "common/log.h"
#include "common/shutdown.h"

namespace {

// The subcommand the user was typing, for a usage line that fits.
const CLI::App* selected(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) return sub;
  return &app;
}

int usage_error(const CLI::App& app, const std::string& reason) {
  const CLI::App* cmd = selected(app);
  const std::string name = cmd == &app ? "clicklog" : "clicklog " + cmd->get_name();
  std::string usage = "Usage: " + name + " [OPTIONS]\n";
  if (auto f = std::dynamic_pointer_cast<CLI::Formatter>(app.get_formatter())) {
    usage = f->make_usage(cmd, name);
  }
  std::fprintf(stderr, "clicklog: %s\n%s", reason.c_str(), usage.c_str());
  std::fprintf(stderr, "Run '%s --help' for every option.\n", name.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace clicklog;
  CLI::App app{
      "clicklog: click-stream analytics on Kafka. Generates ClickLog traffic, reports the most\n"
      "searched destinations over a sliding window, and saves clicks for the daily\n"
      "second-distinct-hotel answer. Results go to stdout, everything else to stderr.",
      "clicklog"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(CLICKLOG_VERSION));
  app.get_formatter()->column_width(36);
  cli::Action action;
  cli::add_broker_command(app, action);
  cli::add_produce_command(app, action);
  cli::add_run_command(app, action);
  cli::add_demo_command(app, action);
  cli::add_second_hotel_command(app, action);

  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) known |= sub->check_name(argv[1]);
    if (!known) return usage_error(app, std::string("unknown command '") + argv[1] + "'");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e.what());
  }

  install_shutdown_handlers();
  try {
    return action();
  } catch (const cli::UsageError& e) {
    return usage_error(app, e.what());
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }
}
