// A member's partials: records come out in order per partition, a record delivered again is not
// counted twice, flags changing are news, and names stay right across a forgotten table.
#include "scaleout/member_partials.h"

#include <gtest/gtest.h>

namespace clicklog::scaleout {
namespace {

constexpr int64_t kSlide = 10'000;
const MemberPartials::Flag kNo = [](int32_t) { return false; };

TEST(MemberPartials, RecordsFollowEachOtherFromTheStartOffset) {
  MemberPartials m(kSlide);
  m.assign(2, 100, 5'000);
  ASSERT_TRUE(m.fresh(2, 100));
  m.read(2, 100);
  m.observe(2, 20'000);
  m.count(2, 20'000, "Paris");
  m.read(2, 101);  // a bad record: covered, not counted
  auto first = m.take(kNo, kNo);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].input_partition, 2);
  EXPECT_EQ(first[0].from_offset, 100);
  EXPECT_EQ(first[0].to_offset, 102);
  EXPECT_EQ(first[0].max_event_ms, 20'000);
  ASSERT_EQ(first[0].slices.size(), 1u);
  EXPECT_EQ(first[0].slices[0].counts,
            (std::vector<std::pair<std::string, int64_t>>{{"Paris", 1}}));

  EXPECT_TRUE(m.take(kNo, kNo).empty()) << "no news, no record";
  m.read(2, 102);
  auto second = m.take(kNo, kNo);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].from_offset, 102);
  EXPECT_EQ(second[0].to_offset, 103);
}

TEST(MemberPartials, ARecordDeliveredAgainIsNotFresh) {
  MemberPartials m(kSlide);
  m.assign(0, 10, std::nullopt);
  EXPECT_FALSE(m.fresh(0, 9));
  m.read(0, 10);
  EXPECT_FALSE(m.fresh(0, 10));
  EXPECT_TRUE(m.fresh(0, 11));
  EXPECT_FALSE(m.fresh(1, 11)) << "a partition not owned is never fresh";
  m.revoke(0);
  EXPECT_FALSE(m.fresh(0, 11));
}

TEST(MemberPartials, AFlagThatChangesIsNews) {
  MemberPartials m(kSlide);
  m.assign(0, 0, std::nullopt);
  m.assign(1, 7, 1'000);
  const MemberPartials::Flag idle_one = [](int32_t p) { return p == 1; };
  auto records = m.take(idle_one, kNo);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].input_partition, 1);
  EXPECT_TRUE(records[0].idle);
  EXPECT_EQ(records[0].from_offset, 7);
  EXPECT_EQ(records[0].to_offset, 7);
  EXPECT_TRUE(m.take(idle_one, kNo).empty());
  records = m.take(kNo, [](int32_t p) { return p == 0; });
  ASSERT_EQ(records.size(), 2u) << "partition 0 ended, partition 1 no longer idle";
  EXPECT_TRUE(records[0].end_reached);
  EXPECT_FALSE(records[1].idle);
}

TEST(MemberPartials, TakeOneGivesTheLastRecordBeforeARevoke) {
  MemberPartials m(kSlide);
  m.assign(4, 0, std::nullopt);
  const PartialRecord r = m.take_one(4, false, false);
  EXPECT_EQ(r.from_offset, 0);
  EXPECT_EQ(r.to_offset, 0);
  EXPECT_EQ(m.next_offsets(), (std::map<int32_t, int64_t>{{4, 0}}));
}

TEST(MemberPartials, NamesStayRightWhenTheTableStartsAfresh) {
  MemberPartials m(kSlide);
  m.assign(0, 0, std::nullopt);
  int64_t offset = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5000; ++i) {
      m.read(0, offset++);
      m.count(0, 0, "d" + std::to_string(round * 5000 + i));
    }
    auto records = m.take(kNo, kNo);
    ASSERT_EQ(records.size(), 1u);
    const auto& counts = records[0].slices.at(0).counts;
    ASSERT_EQ(counts.size(), 5000u);
    for (const auto& [name, n] : counts) {
      EXPECT_EQ(n, 1);
      const int k = std::stoi(name.substr(1));
      EXPECT_GE(k, round * 5000);
      EXPECT_LT(k, (round + 1) * 5000);
    }
    EXPECT_LE(m.names(), 5000u);
  }
  EXPECT_EQ(m.names(), 0u) << "the table started afresh once past its bound";
}

}  // namespace
}  // namespace clicklog::scaleout
