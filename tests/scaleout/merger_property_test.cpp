// A simulated group: members own input partitions, read them, and publish partial records at
// random points to one log; members crash (losing what they had not published) and partitions
// move between members; records are duplicated as retries would; the merger reads the log and
// fails over to a successor restored from its checkpoint; or one process reads alone first and
// hands its state over to the group. Whatever happens, the windows emitted are exactly the
// recount of every search (CONTRACT.md section 2), each window once.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>

#include "scaleout/merger.h"
#include "scaleout/partial_builder.h"
#include "window/naive_recount.h"
#include "window/watermark_tracker.h"

namespace clicklog::scaleout {
namespace {

using window::WindowResult;
using window::testing::Event;

struct InputRecord {
  enum Kind { kSearch, kOther, kBad } kind;
  int64_t t;
  std::string dest;
};

constexpr int64_t kLateness = 10'000;

window::Config small_windows() {
  window::Config c;
  c.window_ms = 60'000;
  c.slide_ms = 5'000;
  c.top_n = 3;
  return c;
}

// Each partition's clock moves forward; a record lags it by at most the lateness, so no search
// is ever late and the recount is the exact answer.
std::vector<std::vector<InputRecord>> random_input(std::mt19937_64& rng, int partitions, int n) {
  std::vector<std::vector<InputRecord>> in(partitions);
  for (int p = 0; p < partitions; ++p) {
    if (p == partitions - 1 && partitions > 2) continue;  // one partition never gets data
    int64_t clock = 1'700'000'000'000 + static_cast<int64_t>(rng() % 20'000);
    for (int i = 0; i < n; ++i) {
      clock += static_cast<int64_t>(rng() % 250);
      const int64_t t = clock - static_cast<int64_t>(rng() % (kLateness + 1));
      const auto roll = rng() % 10;
      const auto kind = roll < 6   ? InputRecord::kSearch
                        : roll < 9 ? InputRecord::kOther
                                   : InputRecord::kBad;
      // Skewed destinations, so that ranks and ties both occur.
      const auto d = std::min(rng() % 20, rng() % 20);
      in[p].push_back({kind, t, "dest-" + std::to_string(d)});
    }
  }
  return in;
}

std::vector<Event> searches_of(const std::vector<std::vector<InputRecord>>& in) {
  std::vector<Event> out;
  for (const auto& partition : in) {
    for (const InputRecord& r : partition) {
      if (r.kind == InputRecord::kSearch) out.push_back({r.t, r.dest});
    }
  }
  return out;
}

// A member: its own destination ids, and a builder per partition it owns.
struct Member {
  window::DestinationTable names;
  std::map<int32_t, std::unique_ptr<PartialBuilder>> owned;
};

class Group {
 public:
  Group(std::mt19937_64& rng, const std::vector<std::vector<InputRecord>>& input, int members)
      : rng_(rng), input_(input), members_(members) {
    for (int32_t p = 0; p < static_cast<int32_t>(input.size()); ++p) {
      start_owning(static_cast<size_t>(p) % members_.size(), p);
    }
  }

  // Until every partition is read and its end published.
  void run() {
    while (!all_read()) {
      step();
    }
    for (Member& m : members_) {
      for (auto& [p, b] : m.owned) log.push_back(b->take(m.names, false, /*end*/ true));
    }
  }

  std::vector<PartialRecord> log;
  int crashes = 0, moves = 0;

 private:
  void step() {
    const auto roll = rng_() % 100;
    if (roll < 2) return crash(rng_() % members_.size());
    if (roll < 4) return move(static_cast<int32_t>(rng_() % input_.size()));
    if (roll < 6 && !log.empty()) {
      log.push_back(log[rng_() % log.size()]);  // a retried publish, or a zombie's
      return;
    }
    read_some(static_cast<int32_t>(rng_() % input_.size()));
  }

  void read_some(int32_t p) {
    Member& m = members_[owner_.at(p)];
    PartialBuilder& b = *m.owned.at(p);
    const auto& records = input_[static_cast<size_t>(p)];
    for (int k = static_cast<int>(rng_() % 40); k >= 0; --k) {
      const int64_t offset = b.next_offset();
      if (offset >= static_cast<int64_t>(records.size())) break;
      const InputRecord& r = records[static_cast<size_t>(offset)];
      b.read(offset);
      if (r.kind == InputRecord::kBad) continue;
      b.observe(r.t);
      if (r.kind == InputRecord::kSearch) b.count(r.t, m.names.intern(r.dest));
    }
    if (rng_() % 3 == 0 && b.has_news()) log.push_back(b.take(m.names, false, false));
  }

  // What it had not published is lost; its partitions restart from the log.
  void crash(size_t member) {
    ++crashes;
    std::vector<int32_t> partitions;
    for (const auto& [p, b] : members_[member].owned) partitions.push_back(p);
    members_[member] = Member{};
    for (int32_t p : partitions) start_owning(member, p);
  }

  // A rebalance: the old owner publishes what it has when the partition is revoked.
  void move(int32_t p) {
    ++moves;
    const size_t from = owner_.at(p), to = rng_() % members_.size();
    Member& old = members_[from];
    if (old.owned.at(p)->has_news()) log.push_back(old.owned.at(p)->take(old.names, false, false));
    old.owned.erase(p);
    start_owning(to, p);
  }

  // A new owner resumes at the `to` of the partition's last record in the log.
  void start_owning(size_t member, int32_t p) {
    int64_t next = 0;
    std::optional<int64_t> max_event;
    for (const PartialRecord& r : log) {
      if (r.input_partition == p && r.to_offset >= next)
        next = r.to_offset, max_event = r.max_event_ms;
    }
    owner_[p] = member;
    members_[member].owned[p] =
        std::make_unique<PartialBuilder>(p, small_windows().slide_ms, next, max_event);
  }

  bool all_read() const {
    for (const auto& [p, member] : owner_) {
      const auto& b = *members_[member].owned.at(p);
      if (b.next_offset() < static_cast<int64_t>(input_[static_cast<size_t>(p)].size()))
        return false;
    }
    return true;
  }

  std::mt19937_64& rng_;
  const std::vector<std::vector<InputRecord>>& input_;
  std::vector<Member> members_;
  std::map<int32_t, size_t> owner_;
};

struct Merged {
  std::vector<WindowResult> windows;
  int duplicates = 0, refused = 0;
};

// Reads log[from, end) into the merger, advancing at random points; flushes once all ended.
void merge_log(Merger& merger, const std::vector<PartialRecord>& log, size_t from,
               std::mt19937_64& rng, Merged& out) {
  for (size_t i = from; i < log.size(); ++i) {
    const ApplyOutcome o = merger.apply(log[i]);
    if (o == ApplyOutcome::kDuplicate) ++out.duplicates;
    if (o != ApplyOutcome::kApplied && o != ApplyOutcome::kDuplicate) ++out.refused;
    if (rng() % 4 == 0) merger.advance(out.windows);
  }
  merger.advance(out.windows);
  if (merger.all_ended()) merger.flush(out.windows);
}

MergerOptions options_for(int partitions) {
  return MergerOptions{small_windows(), kLateness, partitions};
}

TEST(MergerProperty, AnyGroupGivesTheRecountOfOneProcess) {
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    std::mt19937_64 rng(seed);
    const int partitions = 1 + static_cast<int>(seed % 6);
    const int members = 1 + static_cast<int>(seed % 3);
    const auto input = random_input(rng, partitions, 600);
    Group group(rng, input, members);
    group.run();

    Merger merger(options_for(partitions));
    Merged merged;
    merge_log(merger, group.log, 0, rng, merged);

    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::to_string(partitions) +
                 " partitions, " + std::to_string(members) + " members, " +
                 std::to_string(group.crashes) + " crashes, " + std::to_string(group.moves) +
                 " moves");
    EXPECT_EQ(merged.windows, window::testing::naive_recount(searches_of(input), small_windows()));
    EXPECT_EQ(merged.refused, 0);
    EXPECT_EQ(merger.late().late_partial + merger.late().too_late, 0);
    EXPECT_TRUE(merger.all_ended());
  }
}

TEST(MergerProperty, ASuccessorRestoredFromACheckpointEmitsTheSameWindows) {
  for (uint64_t seed = 100; seed < 112; ++seed) {
    std::mt19937_64 rng(seed);
    const int partitions = 2 + static_cast<int>(seed % 4);
    const auto input = random_input(rng, partitions, 500);
    Group group(rng, input, 2);
    group.run();

    // The first merger checkpoints at a random log position and goes on, then dies: a successor
    // restores that checkpoint and reads the log again from its position.
    const size_t cut = rng() % group.log.size();
    Merger first(options_for(partitions));
    Merged before;
    std::vector<PartialRecord> head(group.log.begin(), group.log.begin() + static_cast<long>(cut));
    merge_log(first, head, 0, rng, before);
    const std::string checkpoint = first.save();
    Merged after_in_first = before;
    merge_log(first, group.log, cut, rng, after_in_first);

    Merger successor(options_for(partitions));
    ASSERT_TRUE(successor.restore(checkpoint));
    Merged after = before;
    merge_log(successor, group.log, cut, rng, after);

    SCOPED_TRACE("seed " + std::to_string(seed) + ", cut at " + std::to_string(cut));
    const auto expected = window::testing::naive_recount(searches_of(input), small_windows());
    EXPECT_EQ(after.windows, expected);
    EXPECT_EQ(after_in_first.windows, expected);
  }
}

TEST(MergerProperty, AGroupAdoptingWhatOneProcessReadAloneGivesTheRecount) {
  // One process reads every partition up to a random cut, emitting the windows its watermark
  // passes, then hands its engine and progress over: the group's merger adopts them and the
  // members publish the rest from the cuts. Its windows and the merger's are the recount, each
  // window once.
  size_t emitted_alone = 0, emitted_after = 0;
  for (uint64_t seed = 200; seed < 224; ++seed) {
    std::mt19937_64 rng(seed);
    const int partitions = 1 + static_cast<int>(seed % 5);
    const auto input = random_input(rng, partitions, 500);
    window::TopDestinations alone(small_windows());
    std::vector<WindowResult> windows;
    std::map<int32_t, InputProgress> progress;
    for (int32_t p = 0; p < partitions; ++p) {
      const auto& records = input[static_cast<size_t>(p)];
      if (records.empty() || rng() % 5 == 0) continue;  // a partition it never read
      const int64_t cut = static_cast<int64_t>(rng() % (records.size() + 1));
      InputProgress& at = progress[p];
      for (int64_t i = 0; i < cut; ++i) {
        const InputRecord& r = records[static_cast<size_t>(i)];
        if (r.kind == InputRecord::kBad) continue;
        at.max_event_ms = std::max(at.max_event_ms.value_or(r.t), r.t);
        if (r.kind == InputRecord::kSearch) alone.add(r.t, r.dest);
      }
      at.position = cut;
    }
    // Its watermark, as one process holds it: every partition with data holds it, unknown
    // while one has none read.
    window::WatermarkRule rule;
    bool known = true;
    for (int32_t p = 0; p < partitions && known; ++p) {
      const auto it = progress.find(p);
      const bool has_data = !input[static_cast<size_t>(p)].empty();
      known = rule.add(it == progress.end() ? std::nullopt : it->second.max_event_ms, has_data);
    }
    if (const auto wm = rule.result(kLateness); known && wm) alone.advance(*wm, windows);

    Merger merger(options_for(partitions));
    ASSERT_TRUE(merger.adopt(alone.save(), progress));
    std::vector<std::vector<PartialRecord>> published(static_cast<size_t>(partitions));
    window::DestinationTable names;
    for (int32_t p = 0; p < partitions; ++p) {
      auto& log = published[static_cast<size_t>(p)];
      const auto it = progress.find(p);
      const int64_t from = it == progress.end() ? 0 : it->second.position;
      PartialBuilder b(p, small_windows().slide_ms, from,
                       it == progress.end() ? std::nullopt : it->second.max_event_ms);
      const auto& records = input[static_cast<size_t>(p)];
      for (int64_t i = from; i < static_cast<int64_t>(records.size()); ++i) {
        const InputRecord& r = records[static_cast<size_t>(i)];
        b.read(i);
        if (r.kind == InputRecord::kBad) continue;
        b.observe(r.t);
        if (r.kind == InputRecord::kSearch) b.count(r.t, names.intern(r.dest));
        if (rng() % 50 == 0) log.push_back(b.take(names, false, false));
      }
      log.push_back(b.take(names, false, /*end*/ true));
    }
    // One log: the partitions interleave at random, each in its order.
    std::vector<PartialRecord> log;
    for (size_t left = partitions; left > 0;) {
      auto& next = published[rng() % published.size()];
      if (next.empty()) continue;
      log.push_back(next.front());
      next.erase(next.begin());
      if (next.empty()) --left;
    }
    Merged merged{windows};
    merge_log(merger, log, 0, rng, merged);

    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::to_string(partitions) +
                 " partitions, " + std::to_string(windows.size()) + " windows emitted alone");
    EXPECT_EQ(merged.windows, window::testing::naive_recount(searches_of(input), small_windows()));
    EXPECT_EQ(merged.refused, 0);
    emitted_alone += windows.size();
    emitted_after += merged.windows.size() - windows.size();
  }
  EXPECT_GT(emitted_alone, 30u) << "the process alone emitted windows before the hand-over";
  EXPECT_GT(emitted_after, 100u) << "and the group after it";
}

}  // namespace
}  // namespace clicklog::scaleout
