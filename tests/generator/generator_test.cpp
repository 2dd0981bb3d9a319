#include "generator/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "event/event_time.h"

namespace clicklog::generator {
namespace {

constexpr int64_t kStart = 1'795'820'503'123;  // 2026-11-27T23:01:43.123Z

struct Recorded {
  ClickLog event;
  uint64_t session;
};

std::vector<Recorded> run(const Config& config, int n, int64_t now_ms = kStart) {
  Generator generator(config);
  std::vector<Recorded> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    const ClickLog& e = generator.next(now_ms);
    out.push_back({e, generator.session_id()});
  }
  return out;
}

Config replay_config(uint64_t seed) {
  Config config;
  config.seed = seed;
  config.start_ms = kStart;
  config.event_interval_ms = 7;
  return config;
}

// The imperfections the generator slips in on purpose (generator/config.h); a search or filter
// without hotel is normal.
bool malformed(const ClickLog& e) {
  return !e.user_id || !e.time || !e.action || !e.destination || e.destination->empty() ||
         (*e.action == "click" && !e.hotel);
}

TEST(Generator, SameSeedSameSequence) {
  const auto a = run(replay_config(99), 50'000);
  const auto b = run(replay_config(99), 50'000);
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].event, b[i].event) << "event " << i;
    ASSERT_EQ(a[i].session, b[i].session) << "event " << i;
  }
}

TEST(Generator, DifferentSeedsDiffer) {
  const auto a = run(replay_config(1), 1000);
  const auto b = run(replay_config(2), 1000);
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i].event == b[i].event;
  EXPECT_LT(same, 100);  // same times, but users, places and hotels should rarely all agree
}

TEST(Generator, TimesStepByTheIntervalFromStart) {
  const auto events = run(replay_config(3), 5000, /*now_ms=*/0);  // now_ms ignored
  int64_t previous = kStart - 1;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!events[i].event.time) continue;  // the rare event without a time
    const auto t = parse_event_time(*events[i].event.time);
    ASSERT_TRUE(t.has_value()) << *events[i].event.time;
    ASSERT_EQ(*t, kStart + 7 * static_cast<int64_t>(i));
    ASSERT_GT(*t, previous);
    previous = *t;
  }
  EXPECT_EQ(*events[0].event.time, "2026-11-27T23:01:43.123Z");
}

TEST(Generator, LiveModeUsesTheCallersClock) {
  Config config;
  config.malformed_event_rate = 0;
  Generator generator(config);
  EXPECT_EQ(*generator.next(kStart).time, "2026-11-27T23:01:43.123Z");
  EXPECT_EQ(*generator.next(kStart + 1000).time, "2026-11-27T23:01:44.123Z");
}

TEST(Generator, SessionsSearchBeforeTheyClick) {
  const auto events = run(replay_config(4), 200'000);
  std::map<uint64_t, std::optional<int64_t>> session_user;
  std::map<uint64_t, std::set<std::string>> session_searched;
  std::map<int64_t, std::set<std::string>> user_searched;
  std::map<uint64_t, std::vector<std::string>> session_clicks;
  std::map<uint64_t, std::set<std::string>> session_destinations;
  int clicks = 0;
  for (const auto& [e, session] : events) {
    auto [it, first] = session_user.try_emplace(session, e.user_id);
    ASSERT_EQ(it->second, e.user_id) << "a session belongs to one user";
    if (malformed(e)) continue;
    if (*e.action == "search") {
      ASSERT_FALSE(e.hotel);
      session_searched[session].insert(*e.destination);
      if (e.user_id) user_searched[*e.user_id].insert(*e.destination);
      session_destinations[session].insert(*e.destination);
    } else {
      ASSERT_TRUE(session_searched[session].contains(*e.destination))
          << *e.action << " on " << *e.destination << " before any search of it";
      if (e.hotel) {
        ASSERT_EQ(e.hotel->rfind("h-" + *e.destination + "-", 0), 0u) << *e.hotel;
      }
    }
    if (*e.action == "click") {
      ++clicks;
      ASSERT_TRUE(user_searched[*e.user_id].contains(*e.destination));
      session_clicks[session].push_back(*e.hotel);
    }
  }
  EXPECT_GT(clicks, 50'000);
  // Sessions that make the second-hotel question interesting, in healthy numbers.
  int repeated = 0, two_hotels = 0, two_destinations = 0;
  for (auto& [session, hotels] : session_clicks) {
    const std::set<std::string> distinct(hotels.begin(), hotels.end());
    repeated += distinct.size() < hotels.size();
    two_hotels += distinct.size() >= 2;
  }
  for (auto& [session, places] : session_destinations) two_destinations += places.size() >= 2;
  const auto sessions = static_cast<int>(session_clicks.size());
  EXPECT_GT(repeated, sessions / 20);
  EXPECT_GT(two_hotels, sessions / 3);
  EXPECT_GT(two_destinations, sessions / 20);
}

TEST(Generator, ManySessionsInterleaveButAUserHasOneAtATime) {
  const auto events = run(replay_config(5), 100'000);
  std::map<uint64_t, std::pair<size_t, size_t>> span;  // session -> first, last event index
  std::map<uint64_t, int64_t> user_of;
  for (size_t i = 0; i < events.size(); ++i) {
    auto [it, first] = span.try_emplace(events[i].session, i, i);
    it->second.second = i;
    if (events[i].event.user_id) user_of[events[i].session] = *events[i].event.user_id;
  }
  std::set<uint64_t> in_first_thousand;
  for (size_t i = 0; i < 1000; ++i) in_first_thousand.insert(events[i].session);
  EXPECT_GT(in_first_thousand.size(), 100u);

  std::map<int64_t, std::vector<std::pair<size_t, size_t>>> user_spans;
  for (auto& [session, user] : user_of) user_spans[user].push_back(span[session]);
  for (auto& [user, spans] : user_spans) {
    std::sort(spans.begin(), spans.end());
    for (size_t k = 1; k < spans.size(); ++k) {
      ASSERT_GT(spans[k].first, spans[k - 1].second) << "user " << user << " in two sessions";
    }
  }
}

TEST(Generator, DestinationPopularityIsSkewed) {
  Config config = replay_config(6);
  const auto events = run(config, 200'000);
  std::map<std::string, int> searches;
  int total = 0;
  for (const auto& r : events) {
    if (malformed(r.event) || *r.event.action != "search") continue;
    ++searches[*r.event.destination];
    ++total;
  }
  const auto top = std::max_element(searches.begin(), searches.end(),
                                    [](auto& a, auto& b) { return a.second < b.second; });
  EXPECT_EQ(top->first, "paris");
  // Zipf(1) over 500 puts ~15% on the top destination; uniform would be 0.2%.
  EXPECT_GT(top->second, total / 10);
  EXPECT_GT(searches.size(), 400u);  // the long tail is there too
}

TEST(Generator, MalformedEventsAreRareButPresent) {
  const auto events = run(replay_config(7), 200'000);
  int bad = 0, no_user = 0, no_time = 0, no_action = 0, no_destination = 0, empty = 0,
      click_without_hotel = 0;
  for (const auto& r : events) {
    const ClickLog& e = r.event;
    bad += malformed(e);
    no_user += !e.user_id;
    no_time += !e.time;
    no_action += !e.action;
    no_destination += !e.destination;
    empty += e.destination && e.destination->empty();
    click_without_hotel += e.action && *e.action == "click" && !e.hotel;
  }
  // Documented: about 0.5% from anonymous sessions plus 0.5% slipped into sessions.
  EXPECT_GT(bad, 200'000 * 3 / 1000);
  EXPECT_LT(bad, 200'000 * 2 / 100);
  for (int kind : {no_user, no_time, no_action, no_destination, empty, click_without_hotel}) {
    EXPECT_GT(kind, 0);
  }
}

TEST(Generator, TinyWorldsWork) {
  Config config = replay_config(8);
  config.users = 1;
  config.destinations = 1;
  config.concurrent_sessions = 3;
  config.max_hotels = 1;
  config.min_hotels = 1;
  const auto events = run(config, 2000);
  for (const auto& r : events) {
    if (malformed(r.event)) continue;
    EXPECT_EQ(*r.event.user_id, 1);
    EXPECT_EQ(*r.event.destination, "paris");
    if (r.event.hotel) {
      EXPECT_EQ(*r.event.hotel, "h-paris-0001");
    }
  }
}

TEST(Config, RejectsOutOfRangeSettings) {
  EXPECT_TRUE(validate(Config{}).ok());
  auto bad = [](auto change) {
    Config c;
    change(c);
    EXPECT_FALSE(validate(c).ok());
    EXPECT_THROW(Generator{c}, std::invalid_argument);
  };
  bad([](Config& c) { c.users = 0; });
  bad([](Config& c) { c.destinations = 0; });
  bad([](Config& c) { c.event_interval_ms = -1; });
  bad([](Config& c) { c.max_hotels = 10'000; });
  bad([](Config& c) { c.min_hotels = c.max_hotels + 1; });
  bad([](Config& c) { c.concurrent_sessions = 0; });
  bad([](Config& c) { c.malformed_event_rate = 1.5; });
  bad([](Config& c) { c.destination_zipf = -1; });
}

}  // namespace
}  // namespace clicklog::generator
