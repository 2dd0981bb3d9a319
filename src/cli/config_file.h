// ConfigFile: `--config FILE`, a TOML file of any command's flags, and CLICKLOG_* environment
// variables for them, with the precedence flag > environment > file > default. The file's
// values become command-line arguments for the flags the command line and the environment
// left unset, so CLI11 checks them exactly as typed ones.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clicklog::cli {

// Adds --config FILE to every subcommand of app, and gives each long option of subcommand
// `command` an environment variable: CLICKLOG_ and its name in upper case, '-' as '_'
// (CLICKLOG_GROUP, CLICKLOG_KAFKA_CONFIG, CLICKLOG_CONFIG). Only that command's: CLI11 reads
// and checks the variables of every subcommand, chosen or not, and `broker --brokers N` is
// not `run --brokers B`.
void add_config_and_env(CLI::App& app, const std::string& command);

// The arguments FILE adds to subcommand cmd, once cmd was parsed from the command line and
// environment: for each key naming a long option still unset, `--key=value` (once per element
// for an array); the properties of table [kafka] as `-X key=value`, always, first, so that a -X
// on the command line wins. Top-level keys go to every command having that flag; a table named
// after a command ([run], [produce]...) holds that command's own, which win. A string
// "env:NAME" or "file:PATH" is replaced by the variable's value or the file's text (without its
// final newline), so secrets need not be in the file either. Throws UsageError for a key that
// is no flag (of any command, or of cmd in cmd's table), std::runtime_error for a file that
// cannot be read or parsed. Warns when FILE is readable by other users.
std::vector<std::string> config_arguments(const std::string& file, const CLI::App& cmd);

// The subcommand the command line chose, or app itself before one was.
const CLI::App* chosen_command(const CLI::App& app);

// Parses args (argv without the program: the command, then its arguments) into app, with the
// CLICKLOG_* variables; then, given --config FILE (flag or CLICKLOG_CONFIG), parses them again
// into a fresh app from make_app with config_arguments(FILE) inserted after the command, so that
// the file fills only what the command line and environment left unset. Throws CLI11's errors,
// UsageError, and std::runtime_error for a file that cannot be read or parsed.
void parse_with_config(std::unique_ptr<CLI::App>& app,
                       const std::function<std::unique_ptr<CLI::App>()>& make_app,
                       std::vector<std::string> args);

// Warns, on stderr, when a file holding secrets can be read by other users than its owner.
void warn_if_readable_by_others(const std::string& flag, const std::string& path);

}  // namespace clicklog::cli
