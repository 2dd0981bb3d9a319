// --config FILE and CLICKLOG_* variables: precedence flag > environment > file > default, the
// command's own table, [kafka] as -X, env:/file: indirection, and the refusals, through the
// same two-pass parse as the binary on an app with the real Kafka flags.
#include "cli/config_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common_flags.h"

namespace clicklog::cli {
namespace {

namespace fs = std::filesystem;

// `run` and `produce` with the shared Kafka flags and one flag of their own each.
struct Parsed {
  KafkaFlags run_kafka, produce_kafka;
  std::string group = "clicklog";
  std::vector<std::string> stores;
  int count = 0;
};

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("clicklog-config-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    for (const char* name : {"CLICKLOG_TOPIC", "CLICKLOG_GROUP", "CLICKLOG_CONFIG",
                             "CLICKLOG_TEST_SECRET", "CLICKLOG_COUNT"}) {
      ::unsetenv(name);
    }
    fs::remove_all(dir_);
  }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), 0600);
    return path.string();
  }

  std::unique_ptr<CLI::App> make_app(const std::string& command) {
    parsed_ = std::make_unique<Parsed>();
    auto app = std::make_unique<CLI::App>("test", "clicklog");
    app->require_subcommand(1);
    CLI::App* run = app->add_subcommand("run");
    add_kafka_flags(*run, parsed_->run_kafka);
    run->add_option("--group", parsed_->group);
    run->add_option("--store", parsed_->stores);
    CLI::App* produce = app->add_subcommand("produce");
    add_kafka_flags(*produce, parsed_->produce_kafka);
    produce->add_option("--count", parsed_->count);
    add_config_and_env(*app, command);
    return app;
  }

  // Parses as `clicklog ARGS...` would, the environment as set.
  const Parsed& parse(const std::vector<std::string>& args) {
    auto app = make_app(args.at(0));
    parse_with_config(
        app, [&] { return make_app(args.at(0)); }, args);
    return *parsed_;
  }

  fs::path dir_;
  std::unique_ptr<Parsed> parsed_;
};

TEST_F(ConfigFileTest, FileFillsWhatNothingElseSet) {
  const auto file = write("c.toml", "brokers = \"k:9092\"\ntopic = \"from-file\"\ngroup = \"g\"\n");
  const Parsed& p = parse({"run", "--config", file});
  EXPECT_EQ(p.run_kafka.brokers, "k:9092");  // a required flag the file alone gives
  EXPECT_EQ(p.run_kafka.topic, "from-file");
  EXPECT_EQ(p.group, "g");
  EXPECT_EQ(p.run_kafka.connect_timeout, "10s");  // the default, where the file is silent
}

TEST_F(ConfigFileTest, FlagBeatsEnvironmentBeatsFile) {
  const auto file = write("c.toml", "brokers = \"k:9092\"\ntopic = \"file\"\ngroup = \"file\"\n");
  ::setenv("CLICKLOG_TOPIC", "env", 1);
  ::setenv("CLICKLOG_GROUP", "env", 1);
  const Parsed& p = parse({"run", "--config", file, "--group", "flag"});
  EXPECT_EQ(p.group, "flag");
  EXPECT_EQ(p.run_kafka.topic, "env");
}

TEST_F(ConfigFileTest, TheConfigFileItselfComesFromTheEnvironment) {
  ::setenv("CLICKLOG_CONFIG", write("c.toml", "brokers = \"k:9092\"\ngroup = \"g\"\n").c_str(), 1);
  EXPECT_EQ(parse({"run"}).group, "g");
}

TEST_F(ConfigFileTest, VariablesOfAnotherCommandAreNotRead) {
  ::setenv("CLICKLOG_COUNT", "not a number", 1);  // produce's flag: run must not look at it
  EXPECT_EQ(parse({"run", "--brokers", "k:1"}).group, "clicklog");
}

TEST_F(ConfigFileTest, CommandTableBeatsTopLevelAndOtherCommandsFlagsAreLeftAlone) {
  const auto file = write("c.toml",
                          "brokers = \"k:9092\"\ntopic = \"top\"\ncount = 5\n"
                          "[run]\ntopic = \"run-only\"\n[produce]\ncount = 7\n");
  EXPECT_EQ(parse({"run", "--config", file}).run_kafka.topic, "run-only");
  const Parsed& produce = parse({"produce", "--config", file});
  EXPECT_EQ(produce.produce_kafka.topic, "top");
  EXPECT_EQ(produce.count, 7);
}

TEST_F(ConfigFileTest, KafkaTableComesBeforeCommandLineProperties) {
  const auto file = write(
      "c.toml", "brokers = \"k:9092\"\n[kafka]\n\"sasl.username\" = \"u\"\n\"acks\" = \"1\"\n");
  const Parsed& p = parse({"run", "--config", file, "-X", "acks=all"});
  // Properties apply in order: the file's first (in any order), then the command line's.
  const auto& props = p.run_kafka.properties;
  ASSERT_EQ(props.size(), 3u);
  EXPECT_EQ(std::set<std::string>(props.begin(), props.begin() + 2),
            (std::set<std::string>{"sasl.username=u", "acks=1"}));
  EXPECT_EQ(props[2], "acks=all");
  const auto applied = p.run_kafka.parsed_properties();
  EXPECT_EQ(applied.back(), (std::pair<std::string, std::string>{"acks", "all"}));
}

TEST_F(ConfigFileTest, SecretsComeFromVariablesAndFiles) {
  ::setenv("CLICKLOG_TEST_SECRET", "from-env", 1);
  const auto secret = write("secret.txt", "from-file\n");
  const auto file = write("c.toml",
                          "brokers = \"k:9092\"\ngroup = \"env:CLICKLOG_TEST_SECRET\"\n"
                          "[kafka]\n\"sasl.password\" = \"file:" +
                              secret + "\"\n");
  const Parsed& p = parse({"run", "--config", file});
  EXPECT_EQ(p.group, "from-env");
  ASSERT_EQ(p.run_kafka.properties.size(), 1u);
  EXPECT_EQ(p.run_kafka.properties[0], "sasl.password=from-file");  // without the newline
}

TEST_F(ConfigFileTest, AnArrayRepeatsItsFlag) {
  const auto file = write("c.toml", "brokers = \"k:9092\"\nstore = [\"a\", \"b\"]\n");
  const std::vector<std::string> expected = {"a", "b"};
  EXPECT_EQ(parse({"run", "--config", file}).stores, expected);
}

TEST_F(ConfigFileTest, RefusesWhatIsNoFlagAndUnreadableFiles) {
  EXPECT_THROW(parse({"run", "--config", write("a.toml", "brokers = \"k:1\"\ngroop = \"g\"\n")}),
               UsageError);
  EXPECT_THROW(parse({"run", "--config", write("b.toml", "[run]\ncount = 3\n")}), UsageError);
  EXPECT_THROW(parse({"run", "--config", write("c.toml", "brokers = [[1]]\n")}), UsageError);
  EXPECT_THROW(parse({"run", "--config", write("d.toml", "brokers = \n")}), std::runtime_error);
  EXPECT_THROW(parse({"run", "--config", (dir_ / "missing.toml").string()}), std::runtime_error);
  // env: naming a variable that is not set
  EXPECT_THROW(
      parse({"run", "--config", write("e.toml", "group = \"env:CLICKLOG_TEST_SECRET\"\n")}),
      std::runtime_error);
}

TEST_F(ConfigFileTest, AFileValueIsCheckedLikeATypedOne) {
  const auto file = write("c.toml", "count = \"many\"\n");
  EXPECT_THROW(parse({"produce", "--brokers", "k:1", "--config", file}), CLI::ParseError);
}

}  // namespace
}  // namespace clicklog::cli
