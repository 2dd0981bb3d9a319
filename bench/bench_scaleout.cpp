// The merge stage of a scaled-out group (docs/scale-out.md "Capacity model"): partial entries
// (destination, count) per second through Merger::apply, one slide of D destinations per
// record, windows advanced as the slides pass. Baseline in the same run: the same counts as
// id-keyed SliceCounts merged straight into one TopDestinations, as a single process merges
// its own partitions' partials; the ratio is what names and the exactly-once checks cost.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "scaleout/merger.h"
#include "scaleout/partial_record.h"

namespace {

using namespace clicklog;

constexpr int64_t kSlide = 10'000;
constexpr int64_t kStart = 179'581'970;  // slide index of 2026-11-28

scaleout::PartialRecord one_slide(int destinations) {
  scaleout::PartialRecord r;
  r.slide_ms = kSlide;
  scaleout::PartialSlice& s = r.slices.emplace_back();
  for (int i = 0; i < destinations; ++i) {
    s.counts.emplace_back("destination-" + std::to_string(i), 1 + i % 7);
  }
  return r;
}

void BM_MergerApply(benchmark::State& state) {
  const int destinations = static_cast<int>(state.range(0));
  scaleout::PartialRecord r = one_slide(destinations);
  scaleout::Merger merger({window::Config{}, 0, 1});
  std::vector<window::WindowResult> out;
  int64_t slide = kStart;
  for (auto _ : state) {
    r.slices[0].index = slide;
    r.from_offset = r.to_offset;
    r.to_offset += 7 * destinations;  // room for every count: one search per record
    r.max_event_ms = slide * kSlide;
    if (merger.apply(r) != scaleout::ApplyOutcome::kApplied) state.SkipWithError("not applied");
    merger.advance(out);
    out.clear();
    ++slide;
  }
  state.SetItemsProcessed(state.iterations() * destinations);
}
BENCHMARK(BM_MergerApply)->Arg(500)->Arg(10'000);

void BM_BaselineEngineMerge(benchmark::State& state) {
  const int destinations = static_cast<int>(state.range(0));
  window::TopDestinations engine(window::Config{});
  std::vector<uint32_t> ids;
  for (int i = 0; i < destinations; ++i)
    ids.push_back(engine.intern("destination-" + std::to_string(i)));
  window::SliceCounts partial(kSlide);
  std::vector<window::WindowResult> out;
  int64_t slide = kStart;
  for (auto _ : state) {
    partial.clear();
    window::FlatCounter& c = partial.slice(slide);
    for (int i = 0; i < destinations; ++i) c.add(ids[static_cast<size_t>(i)], 1 + i % 7);
    engine.merge(partial);
    engine.advance(slide * kSlide, out);
    out.clear();
    ++slide;
  }
  state.SetItemsProcessed(state.iterations() * destinations);
}
BENCHMARK(BM_BaselineEngineMerge)->Arg(500)->Arg(10'000);

// What the partials topic's records cost to write and read back.
void BM_PartialEncodeDecode(benchmark::State& state) {
  const int destinations = static_cast<int>(state.range(0));
  const scaleout::PartialRecord r = one_slide(destinations);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string wire = scaleout::encode(r);
    auto back = scaleout::decode_partial(wire);
    benchmark::DoNotOptimize(back);
    bytes += wire.size();
  }
  state.SetItemsProcessed(state.iterations() * destinations);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_PartialEncodeDecode)->Arg(500)->Arg(10'000);

}  // namespace

BENCHMARK_MAIN();
