// The capacity model of docs/scale-out.md checked against a simulated run: a group of M members
// reading P input partitions at R events/s, in event time, with the real pre-aggregation
// (MemberPartials), the partials' wire form and the merger (Merger), but no Kafka. Destinations
// are drawn with the generator's popularity (its Catalogue) in the share of events that are
// searches with a destination, measured from the generator itself. Prints one markdown row:
// partial entries and bytes per second, the CPU the members' pre-aggregation and the merger
// spend per second of stream, and the merger's state, beside the model's figures.
//   capacity_sim RATE PARTITIONS DESTINATIONS MEMBERS [SECONDS] [TURN_MS]
#include <fmt/format.h>
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "generator/catalogue.h"
#include "generator/generator.h"
#include "scaleout/member_partials.h"
#include "scaleout/merger.h"
#include "scaleout/partial_record.h"

namespace {

using namespace clicklog;

constexpr int64_t kStartMs = 1'795'824'000'000;  // 2026-11-28T00:00:00Z

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The share of the generator's events that the job counts: searches with a destination.
double search_share(const generator::Config& config) {
  generator::Generator gen(config);
  constexpr int kEvents = 1'000'000;
  int searches = 0;
  for (int i = 0; i < kEvents; ++i) {
    const ClickLog& e = gen.next(kStartMs);
    searches += e.action && *e.action == "search" && e.destination && !e.destination->empty();
  }
  return static_cast<double>(searches) / kEvents;
}

struct Totals {
  double entries = 0, bytes = 0, records = 0;
  double member_cpu = 0, merger_cpu = 0;
  size_t windows = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: capacity_sim RATE PARTITIONS DESTINATIONS MEMBERS [SECONDS] [TURN_MS]\n");
    return 2;
  }
  const double rate = std::atof(argv[1]);
  const int partitions = std::atoi(argv[2]);
  const int destinations = std::atoi(argv[3]);
  const int members = std::atoi(argv[4]);
  const int seconds = argc > 5 ? std::atoi(argv[5]) : 30;
  const int64_t turn_ms = argc > 6 ? std::atoll(argv[6]) : 1000;
  if (rate <= 0 || partitions <= 0 || destinations <= 0 || members <= 0 || seconds <= 0 ||
      turn_ms <= 0) {
    std::fprintf(stderr, "capacity_sim: every argument must be positive\n");
    return 2;
  }

  generator::Config world;
  world.destinations = destinations;
  const double share = search_share(world);
  const generator::Catalogue catalogue(world);
  generator::Rng rng(20261205);

  const window::Config window;
  std::vector<scaleout::MemberPartials> group(static_cast<size_t>(members),
                                              scaleout::MemberPartials(window.slide_ms));
  for (int p = 0; p < partitions; ++p) group[static_cast<size_t>(p % members)].assign(p, 0, {});
  scaleout::Merger merger({window, 10'000, partitions});

  const double searches_per_turn =
      rate * static_cast<double>(turn_ms) / 1000.0 * share / partitions;
  const int64_t events_per_turn =
      std::llround(rate * static_cast<double>(turn_ms) / 1000.0 / partitions);
  std::vector<int64_t> next_offset(static_cast<size_t>(partitions), 0);
  std::vector<double> carry(static_cast<size_t>(partitions), 0.0);
  const auto no = [](int32_t) { return false; };
  Totals total;
  std::vector<std::string> wires;
  std::vector<window::WindowResult> out;
  const int turns = static_cast<int>(seconds * 1000 / turn_ms);
  for (int turn = 0; turn < turns; ++turn) {
    const int64_t begin_ms = kStartMs + turn * turn_ms;
    // The members: count this turn's searches of each partition, then publish.
    double cpu = thread_cpu_seconds();
    for (int p = 0; p < partitions; ++p) {
      auto& member = group[static_cast<size_t>(p % members)];
      carry[static_cast<size_t>(p)] += searches_per_turn;
      const auto n = static_cast<int64_t>(carry[static_cast<size_t>(p)]);
      carry[static_cast<size_t>(p)] -= static_cast<double>(n);
      for (int64_t i = 0; i < n; ++i) {
        const int64_t at = begin_ms + i * turn_ms / std::max<int64_t>(n, 1);
        member.count(p, at, catalogue.name(catalogue.pick_destination(rng)));
      }
      next_offset[static_cast<size_t>(p)] += events_per_turn;
      member.read(p, next_offset[static_cast<size_t>(p)] - 1);
      member.observe(p, begin_ms + turn_ms - 1);
    }
    wires.clear();
    for (auto& member : group) {
      for (const auto& record : member.take(no, no)) {
        for (const auto& slice : record.slices)
          total.entries += static_cast<double>(slice.counts.size());
        wires.push_back(scaleout::encode(record));
        total.bytes += static_cast<double>(wires.back().size());
      }
    }
    total.records += static_cast<double>(wires.size());
    const double merger_start = thread_cpu_seconds();
    total.member_cpu += merger_start - cpu;
    // The merger: read every record back, apply it, emit the windows the watermark passed.
    for (const auto& wire : wires) {
      auto record = scaleout::decode_partial(wire);
      if (!record || merger.apply(*record) != scaleout::ApplyOutcome::kApplied) {
        std::fprintf(stderr, "capacity_sim: a partial record did not apply\n");
        return 1;
      }
    }
    merger.advance(out);
    total.windows += out.size();
    out.clear();
    total.merger_cpu += thread_cpu_seconds() - merger_start;
  }

  const double simulated = static_cast<double>(turns * turn_ms) / 1000.0;
  const double model_entries =
      static_cast<double>(partitions) * destinations * 1000.0 / static_cast<double>(turn_ms);
  const std::string state = merger.save();
  // | R | P | D | members | F | search share | entries/s | model P×D/F | bytes/s | bytes/entry |
  // member CPU s/s | merger CPU s/s | windows | merger state bytes |
  std::printf(
      "| %.0f M | %d | %d | %d | %lld ms | %.2f | %.0f k | %.0f k | %.1f MB | %.1f | %.2f | %.3f | "
      "%zu | %.0f k |\n",
      rate / 1e6, partitions, destinations, members, static_cast<long long>(turn_ms), share,
      total.entries / simulated / 1e3, model_entries / 1e3, total.bytes / simulated / 1e6,
      total.bytes / std::max(total.entries, 1.0), total.member_cpu / simulated,
      total.merger_cpu / simulated, total.windows, static_cast<double>(state.size()) / 1e3);
  return 0;
}
