#include "cli/config_file.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "cli/commands.h"
#include "common/log.h"
#include "common/secret.h"

namespace clicklog::cli {

namespace {

std::string env_name(const std::string& option) {
  std::string name = "CLICKLOG_";
  for (const char c : option) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

// "env:NAME" and "file:PATH" indirections, for secrets kept out of the file.
std::string resolve(const std::string& file, const std::string& key, const std::string& value) {
  auto resolved = resolve_secret(value);
  if (!resolved) {
    throw std::runtime_error(
        fmt::format("--config {}: {}: {}", file, key, resolved.error().message));
  }
  return std::move(*resolved);
}

// A TOML scalar as command-line text; arrays and tables are the caller's.
std::string scalar_text(const std::string& file, const std::string& key, const toml::node& node) {
  if (auto s = node.value<std::string>(); s && node.is_string()) return resolve(file, key, *s);
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto d = node.as_floating_point()) return fmt::format("{}", d->get());
  throw UsageError(fmt::format("--config {}: {}: expected a string, number or boolean", file, key));
}

const CLI::Option* long_option(const CLI::App& cmd, const std::string& key) {
  for (const CLI::Option* opt : cmd.get_options()) {
    for (const auto& name : opt->get_lnames()) {
      if (name == key) return opt;
    }
  }
  return nullptr;
}

void add_flag_arguments(const std::string& file, const CLI::App& cmd, const std::string& key,
                        const toml::node& node, std::vector<std::string>& out) {
  const CLI::Option* opt = long_option(cmd, key);
  if (!opt || opt->count() > 0) return;  // another command's flag, or set by flag or env
  if (const auto* list = node.as_array()) {
    for (const auto& item : *list)
      out.push_back(fmt::format("--{}={}", key, scalar_text(file, key, item)));
    return;
  }
  out.push_back(fmt::format("--{}={}", key, scalar_text(file, key, node)));
}

}  // namespace

void add_config_and_env(CLI::App& app, const std::string& command) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->add_option("--config",
                    "TOML file of this command's flags (a flag or CLICKLOG_* "
                    "variable wins over it; [kafka]: librdkafka properties)")
        ->type_name("FILE");
    if (!sub->check_name(command)) continue;
    for (CLI::Option* opt : sub->get_options()) {
      if (opt->get_lnames().empty() || opt->get_lnames()[0] == "help") continue;
      opt->envname(env_name(opt->get_lnames()[0]));
    }
  }
}

void warn_if_readable_by_others(const std::string& flag, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // reading it reports the problem
  if (st.st_mode & (S_IRGRP | S_IROTH)) {
    log::warn("{} {}: readable by other users (mode {:o}); it may hold secrets: chmod 600 it", flag,
              path, st.st_mode & 0777);
  }
}

std::vector<std::string> config_arguments(const std::string& file, const CLI::App& cmd) {
  warn_if_readable_by_others("--config", file);
  if (!std::ifstream(file)) {
    throw std::runtime_error(
        fmt::format("--config {}: cannot read: {}", file, std::strerror(errno)));
  }
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw std::runtime_error(
        fmt::format("--config {}:{}:{}: {}", file, where.line, where.column, e.description()));
  }
  const CLI::App& root = *cmd.get_parent();
  std::set<std::string> commands;
  for (const CLI::App* sub : root.get_subcommands({})) commands.insert(sub->get_name());
  std::vector<std::string> out;
  // [kafka]: as -X, before any -X of the command line, which so wins.
  if (const auto* kafka = doc["kafka"].as_table(); kafka && long_option(cmd, "kafka-config")) {
    for (const auto& [key, value] : *kafka) {
      const std::string k(key.str());
      out.push_back("-X");
      out.push_back(k + "=" + scalar_text(file, "kafka." + k, value));
    }
  }
  // The command's own table first: its values win over the top-level ones.
  if (const auto* own = doc[cmd.get_name()].as_table()) {
    for (const auto& [key, value] : *own) {
      const std::string k(key.str());
      if (!long_option(cmd, k) || k == "config") {
        throw UsageError(fmt::format("--config {}: [{}] {}: clicklog {} has no such flag", file,
                                     cmd.get_name(), k, cmd.get_name()));
      }
      add_flag_arguments(file, cmd, k, value, out);
    }
  }
  for (const auto& [key, value] : doc) {
    const std::string k(key.str());
    if (k == "kafka" || commands.count(k)) continue;
    const auto subs = root.get_subcommands({});
    const bool known = std::any_of(subs.begin(), subs.end(),
                                   [&](const CLI::App* sub) { return long_option(*sub, k); });
    if (!known || k == "config") {
      throw UsageError(
          fmt::format("--config {}: {}: no clicklog command has such a flag", file, k));
    }
    if (const auto* own = doc[cmd.get_name()].as_table(); own && own->contains(k)) continue;
    add_flag_arguments(file, cmd, k, value, out);
  }
  return out;
}

const CLI::App* chosen_command(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) return sub;
  return &app;
}

namespace {

std::string config_file_of(const CLI::App& app) {
  const CLI::App* cmd = chosen_command(app);
  if (cmd == &app) return {};
  const CLI::Option* opt = cmd->get_option_no_throw("--config");
  return opt && opt->count() > 0 ? opt->as<std::string>() : std::string();
}

void parse_reversed(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
}

}  // namespace

void parse_with_config(std::unique_ptr<CLI::App>& app,
                       const std::function<std::unique_ptr<CLI::App>()>& make_app,
                       std::vector<std::string> args) {
  std::string file;
  try {
    parse_reversed(*app, args);
    file = config_file_of(*app);
  } catch (const CLI::RequiredError&) {
    file = config_file_of(*app);  // the file may hold what is missing
    if (file.empty()) throw;
  }
  if (file.empty()) return;
  const auto extra = config_arguments(file, *chosen_command(*app));
  args.insert(args.begin() + 1, extra.begin(), extra.end());
  app = make_app();
  parse_reversed(*app, std::move(args));
}

}  // namespace clicklog::cli
