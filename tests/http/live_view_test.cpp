// LiveView: the latest windows oldest first, and stream subscribers that fall too far behind are
// dropped instead of holding up the publisher.
#include "http/live_view.h"

#include <gtest/gtest.h>

#include <thread>

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
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sub->next(milliseconds(5000)), "w" + std::to_string(i));
  publisher.join();
  EXPECT_EQ(sub->next(milliseconds(10)), std::nullopt);
  EXPECT_EQ(view.subscribers(), 1u);
  sub.reset();
  EXPECT_EQ(view.subscribers(), 0u);
}

TEST(LiveView, ASubscriberTooFarBehindIsDroppedAndThePublisherGoesOn) {
  LiveView view(360, 4);
  auto slow = view.subscribe();
  auto keeping_up = view.subscribe();
  for (int i = 0; i < 10; ++i) {
    view.publish("w" + std::to_string(i), {});
    EXPECT_EQ(keeping_up->next(milliseconds(1000)), "w" + std::to_string(i));
  }
  EXPECT_TRUE(slow->dropped());
  EXPECT_EQ(slow->next(milliseconds(10)), std::nullopt);
  EXPECT_FALSE(keeping_up->dropped());
  EXPECT_EQ(view.dropped_subscribers(), 1);
  EXPECT_EQ(view.subscribers(), 1u);
}

}  // namespace
}  // namespace clicklog::http
