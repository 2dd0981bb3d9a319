// member_fence against the in-process mock cluster, which ignores group.instance.id: a static
// member's id is kept in its file, and the next consumer with the same instance id removes that
// member from the group before it joins.
#include "kafka/member_fence.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>

#include "joined.h"
#include "kafka/consumer.h"
#include "kafka/mock_cluster.h"

namespace clicklog::kafka {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

class MemberFence : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::create(3, {{"clicks", 2}});
    ASSERT_TRUE(cluster) << cluster.error().message;
    cluster_.emplace(std::move(*cluster));
    dir_ = fs::temp_directory_path() /
           ("member-fence-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ConsumerOptions options() const {
    ConsumerOptions o;
    o.brokers = cluster_->bootstrap_servers();
    o.topic = "clicks";
    o.group = "fence-test";
    o.instance_id = "member-1";
    // Longer than the test: a member the fence did not remove is still in the group.
    o.session_timeout_ms = 30'000;
    o.member_id_file = (dir_ / "sub" / "member-id").string();
    return o;
  }

  // A member of the group, joined, whose id is now in its file; closed without leaving (a
  // static member does not send LeaveGroup), as a killed one would be.
  std::string join_and_vanish() {
    auto consumer = Consumer::create(options());
    EXPECT_TRUE(consumer) << consumer.error().message;
    if (!consumer) return {};
    Joined joined;
    EXPECT_EQ(poll_until_assigned(*consumer, joined, 2), 2u) << "never joined the group";
    EXPECT_TRUE(consumer->close());
    return read_member_id(options().member_id_file).value_or("");
  }

  std::optional<MockCluster> cluster_;
  fs::path dir_;
};

TEST(MemberIdFile, KeepsTheLastIdSaved) {
  const auto dir = fs::temp_directory_path() / "member-id-file-test";
  fs::remove_all(dir);
  const std::string path = (dir / "a" / "id").string();
  EXPECT_FALSE(read_member_id(path));
  ASSERT_TRUE(save_member_id(path, "rdkafka-1"));
  ASSERT_TRUE(save_member_id(path, "rdkafka-2"));
  EXPECT_EQ(read_member_id(path).value_or(""), "rdkafka-2");
  fs::remove_all(dir);
}

TEST_F(MemberFence, RemovesAMemberOnceAndThenFindsItGone) {
  const std::string member = join_and_vanish();
  ASSERT_FALSE(member.empty()) << "the joined member kept no id";
  const auto brokers = split(cluster_->bootstrap_servers());
  auto first = fence_member(brokers, "fence-test", member, 5000);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, Fenced::kRemoved);
  auto second = fence_member(brokers, "fence-test", member, 5000);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, Fenced::kNotAMember);
}

TEST_F(MemberFence, TheNextConsumerWithTheInstanceIdRemovesItsPredecessor) {
  const std::string predecessor = join_and_vanish();
  ASSERT_FALSE(predecessor.empty());
  auto next = Consumer::create(options());
  ASSERT_TRUE(next) << next.error().message;
  auto again = fence_member(split(cluster_->bootstrap_servers()), "fence-test", predecessor, 5000);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, Fenced::kNotAMember) << "the predecessor was still in the group";
}

TEST_F(MemberFence, SaysWhyWhenNoBrokerAnswers) {
  auto fenced = fence_member({"127.0.0.1:1"}, "fence-test", "someone", 1000);
  ASSERT_FALSE(fenced);
  EXPECT_NE(fenced.error().message.find("127.0.0.1:1"), std::string::npos)
      << fenced.error().message;
}

}  // namespace
}  // namespace clicklog::kafka
