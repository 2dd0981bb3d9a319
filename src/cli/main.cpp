// clicklog: click-stream analytics on Kafka. Exit status: 0 done, 1 failure, 2 usage error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "common/log.h"
#include "common/shutdown.h"

namespace {

using clicklog::cli::Action;

int usage_error(const CLI::App& app, const std::string& reason) {
  const CLI::App* cmd = clicklog::cli::chosen_command(app);
  const std::string name = cmd == &app ? "clicklog" : "clicklog " + cmd->get_name();
  std::string usage = "Usage: " + name + " [OPTIONS]\n";
  if (auto f = std::dynamic_pointer_cast<CLI::Formatter>(app.get_formatter())) {
    usage = f->make_usage(cmd, name);
  }
  std::fprintf(stderr, "clicklog: %s\n%s", reason.c_str(), usage.c_str());
  std::fprintf(stderr, "Run '%s --help' for every option.\n", name.c_str());
  return 2;
}

// --log-level on every command: what reaches stderr, librdkafka's own lines included (they go
// through the same logger). Results on stdout are never filtered.
void add_log_level(CLI::App& app) {
  using clicklog::log::Level;
  static const std::map<std::string, Level> levels = {{"debug", Level::kDebug},
                                                      {"info", Level::kInfo},
                                                      {"warn", Level::kWarn},
                                                      {"error", Level::kError}};
  for (CLI::App* cmd : app.get_subcommands({})) {
    cmd->add_option_function<std::string>(
           "--log-level",
           [](const std::string& name) { clicklog::log::set_level(levels.at(name)); },
           "Least severe log line written to stderr: debug, info, warn or error (default: info)")
        ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  }
}

// The app; CLICKLOG_* variables are read for `command`'s flags only (the one argv[1] names).
std::unique_ptr<CLI::App> make_app(Action& action, const std::string& command) {
  using namespace clicklog;
  auto app = std::make_unique<CLI::App>(
      "clicklog: click-stream analytics on Kafka. Generates ClickLog traffic, reports the most\n"
      "searched destinations over a sliding window, and saves clicks for the daily\n"
      "second-distinct-hotel answer. Results go to stdout, everything else to stderr.",
      "clicklog");
  app->require_subcommand(1);
  app->set_version_flag("--version", std::string(CLICKLOG_VERSION));
  app->get_formatter()->column_width(36);
  cli::add_broker_command(*app, action);
  cli::add_produce_command(*app, action);
  cli::add_run_command(*app, action);
  cli::add_demo_command(*app, action);
  cli::add_second_hotel_command(*app, action);
  add_log_level(*app);
  cli::add_config_and_env(*app, command);
  return app;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace clicklog;
  Action action;
  const std::string command = argc > 1 && argv[1][0] != '-' ? argv[1] : "";
  auto app = make_app(action, command);

  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const CLI::App* sub : app->get_subcommands({})) known |= sub->check_name(argv[1]);
    if (!known) return usage_error(*app, std::string("unknown command '") + argv[1] + "'");
  }
  try {
    cli::parse_with_config(
        app, [&] { return make_app(action, command); },
        std::vector<std::string>(argv + 1, argv + argc));
  } catch (const CLI::CallForHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app->exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(*app, e.what());
  } catch (const cli::UsageError& e) {
    return usage_error(*app, e.what());
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }

  install_shutdown_handlers();
  try {
    return action();
  } catch (const cli::UsageError& e) {
    return usage_error(*app, e.what());
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }
}
