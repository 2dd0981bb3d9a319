// LiveView: the latest windows oldest first, and stream subscribers that fall too far behind are
// dropped instead of holding up the publisher.
#include "http/live_view.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace clicklog::http {
namespace {

using std::chrono::milliseconds;

TEST(LiveView, KeepsTheLatestWindowsOldestFirst) {
  LiveView view(3, 8);
  EXPECT_TRUE(view.last(10).empty());
  for (int i = 1; i <= 5; ++i) view.publish("w" + std::to_string(i), {});
  EXPECT_EQ(view.last(10), (std::vector<std::string>{"w3", "w4", "w5"}));
  EXPECT_EQ(view.last(2), (std::vector<std::string>{"w4", "w5"}));
  EXPECT_EQ(view.published(), 5);
}

TEST(LiveView, ASubscriberGetsEveryWindowAfterItSubscribed) {
  LiveView view;
  view.publish("before", {});
  auto sub = view.subscribe();
  std::thread publisher([&] {
    for (int i = 0; i < 3; ++i) view.publish("w" + std::to_string(i), {});
  });
  std::vector<std::string> got;
  while (got.size() < 3) {
    auto some = sub->take(milliseconds(5000), milliseconds(0));
    ASSERT_FALSE(some.empty());
    got.insert(got.end(), some.begin(), some.end());
  }
  publisher.join();
  EXPECT_EQ(got, (std::vector<std::string>{"w0", "w1", "w2"}));
  EXPECT_TRUE(sub->take(milliseconds(10), milliseconds(0)).empty());
  EXPECT_EQ(view.subscribers(), 1u);
  sub.reset();
  EXPECT_EQ(view.subscribers(), 0u);
}

TEST(LiveView, ABurstOfWindowsIsTakenInOneGo) {
  LiveView view;
  auto sub = view.subscribe();
  std::thread publisher([&] {
    view.publish("w0", {});
    std::this_thread::sleep_for(milliseconds(20));  // within the linger
    view.publish("w1", {});
    view.publish("w2", {});
  });
  const auto got = sub->take(milliseconds(5000), milliseconds(500));
  publisher.join();
  EXPECT_EQ(got, (std::vector<std::string>{"w0", "w1", "w2"}));
}

TEST(LiveView, ASubscriberTooFarBehindIsDroppedAndThePublisherGoesOn) {
  LiveView view(360, 4);
  auto slow = view.subscribe();
  auto keeping_up = view.subscribe();
  for (int i = 0; i < 10; ++i) {
    view.publish("w" + std::to_string(i), {});
    EXPECT_EQ(keeping_up->take(milliseconds(1000), milliseconds(0)),
              std::vector<std::string>{"w" + std::to_string(i)});
  }
  EXPECT_TRUE(slow->dropped());
  EXPECT_TRUE(slow->take(milliseconds(10), milliseconds(0)).empty());
  EXPECT_FALSE(keeping_up->dropped());
  EXPECT_EQ(view.dropped_subscribers(), 1);
  EXPECT_EQ(view.subscribers(), 1u);
}

}  // namespace
}  // namespace clicklog::http
