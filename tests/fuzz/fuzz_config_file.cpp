// Fuzzes `--config FILE` (src/cli/config_file.h): the TOML parse and clicklog's mapping of keys
// to flags. Whatever the file holds: no crash, and no exception but the two the command line
// reports in one line (UsageError for a key that is no flag, std::runtime_error for a file
// that does not parse); what it accepts is a list of `--flag=value` and `-X key=value`
// arguments, which CLI11 then takes or refuses with its own error.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "fuzz_check.h"

namespace {

struct Flags {
  std::string group, window;
  int top = 10;
  bool until_end = false;
  std::vector<std::string> properties;
};

// A root with two commands, each with a few flags of the kinds clicklog has.
void add_commands(CLI::App& app, Flags& f) {
  for (const char* name : {"run", "produce"}) {
    CLI::App* cmd = app.add_subcommand(name);
    cmd->add_option("--group", f.group);
    cmd->add_option("--window", f.window);
    cmd->add_option("--top", f.top)->check(CLI::Range(1, 1000));
    cmd->add_flag("--until-end", f.until_end);
    cmd->add_option("-X", f.properties);
    cmd->add_option("--kafka-config", f.group);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/fuzz_config_file." + std::to_string(getpid()) + ".toml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  CLI::App app("fuzz");
  Flags flags;
  add_commands(app, flags);
  CLI::App& run = *app.get_subcommand("run");
  std::vector<std::string> args;
  try {
    args = clicklog::cli::config_arguments(path, run);
  } catch (const clicklog::cli::UsageError& e) {
    FUZZ_CHECK(std::string(e.what()).rfind("--config " + path, 0) == 0);
    return 0;
  } catch (const std::runtime_error& e) {
    FUZZ_CHECK(std::string(e.what()).rfind("--config " + path, 0) == 0);
    return 0;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-X") {
      FUZZ_CHECK(i + 1 < args.size() && args[i + 1].find('=') != std::string::npos);
      ++i;
    } else {
      FUZZ_CHECK(args[i].rfind("--", 0) == 0);
    }
  }
  // CLI11 takes the arguments as typed ones, or refuses them with its own error.
  std::vector<std::string> argv = {"fuzz", "run"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<const char*> raw;
  for (const auto& a : argv) raw.push_back(a.c_str());
  CLI::App again("fuzz");
  Flags parsed;
  add_commands(again, parsed);
  try {
    again.parse(static_cast<int>(raw.size()), raw.data());
  } catch (const CLI::Error&) {
  }
  return 0;
}
