// CheckpointStore against a real RocksDB in a temporary folder: a checkpoint comes back whole,
// the newest one wins, a folder serves one job at a time, and the default folder follows
// XDG_STATE_HOME.
#include "job/checkpoint_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace clicklog::job {
namespace {

namespace fs = std::filesystem;

class CheckpointStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "clicklog-checkpoint-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

Checkpoint sample(uint64_t sequence) {
  return {.cluster_id = "cluster-a",
          .topic = "clicklog",
          .engine = std::string("engine\0bytes", 12),
          .watermarks = "wm",
          .offsets = {{0, 17}, {3, 1'000'000'000'000}},
          .last_emitted_end_ms = 1'795'737'610'000,
          .sequence = sequence};
}

void expect_same(const Checkpoint& a, const Checkpoint& b) {
  EXPECT_EQ(a.cluster_id, b.cluster_id);
  EXPECT_EQ(a.topic, b.topic);
  EXPECT_EQ(a.engine, b.engine);
  EXPECT_EQ(a.watermarks, b.watermarks);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.last_emitted_end_ms, b.last_emitted_end_ms);
  EXPECT_EQ(a.sequence, b.sequence);
}

TEST_F(CheckpointStoreTest, EmptyFolderHasNoCheckpoint) {
  auto store = CheckpointStore::open(dir_);
  ASSERT_TRUE(store) << store.error().message;
  auto loaded = store->load();
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(CheckpointStoreTest, TheNewestCheckpointComesBackWholeAfterReopening) {
  Checkpoint second = sample(2);
  second.offsets[5] = 9;
  second.last_emitted_end_ms.reset();
  {
    auto store = CheckpointStore::open(dir_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->save(sample(1)).ok());
    ASSERT_TRUE(store->save(second).ok());
  }
  auto store = CheckpointStore::open(dir_);
  ASSERT_TRUE(store);
  auto loaded = store->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  expect_same(**loaded, second);
}

TEST_F(CheckpointStoreTest, OneJobPerFolderAndTheNextFreeSlotForTheDefault) {
  auto first = CheckpointStore::open(dir_ + "/g");
  ASSERT_TRUE(first);
  auto again = CheckpointStore::open(dir_ + "/g");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("in use"), std::string::npos) << again.error().message;
  auto second = CheckpointStore::open_first_free(dir_ + "/g");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->dir(), dir_ + "/g.2");
  auto third = CheckpointStore::open_first_free(dir_ + "/g");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->dir(), dir_ + "/g.3");
}

TEST(DefaultStateDir, FollowsXdgStateHomeAndKeepsGroupNamesToOneFolder) {
  const char* before = getenv("XDG_STATE_HOME");
  const std::string saved = before ? before : "";
  setenv("XDG_STATE_HOME", "/var/tmp/state", 1);
  EXPECT_EQ(default_state_dir("my-group.1"), "/var/tmp/state/clicklog/my-group.1");
  EXPECT_EQ(default_state_dir("../a b/c"), "/var/tmp/state/clicklog/.._a_b_c");
  EXPECT_EQ(default_state_dir(".."), "/var/tmp/state/clicklog/_..");
  if (before) {
    setenv("XDG_STATE_HOME", saved.c_str(), 1);
  } else {
    unsetenv("XDG_STATE_HOME");
  }
}

}  // namespace
}  // namespace clicklog::job
