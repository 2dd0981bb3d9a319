// Each subcommand registers its flags on the CLI11 app and sets `action` to the function that
// runs it once parsing succeeded. Actions return the process exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>

namespace clicklog::cli {

using Action = std::function<int()>;

// A flag value that parsed but makes no sense ("--slide 7x"): exit 2 with the usage.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void add_broker_command(CLI::App& app, Action& action);
void add_produce_command(CLI::App& app, Action& action);
void add_run_command(CLI::App& app, Action& action);
void add_demo_command(CLI::App& app, Action& action);
void add_second_hotel_command(CLI::App& app, Action& action);

}  // namespace clicklog::cli
