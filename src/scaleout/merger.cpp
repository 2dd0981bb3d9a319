#include "scaleout/merger.h"

#include <algorithm>

#include "window/state_codec.h"
#include "window/watermark_tracker.h"

namespace clicklog::scaleout {

const char* to_string(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::kApplied:
      return "applied";
    case ApplyOutcome::kDuplicate:
      return "duplicate";
    case ApplyOutcome::kOverlap:
      return "overlaps offsets already applied";
    case ApplyOutcome::kGap:
      return "starts past the partition's position";
    case ApplyOutcome::kWrongSlide:
      return "taken with another slide";
    case ApplyOutcome::kUnknownPartition:
      return "names an unknown input partition";
  }
  return "?";
}

Merger::Merger(const MergerOptions& options)
    : options_(options),
      engine_(options.window),
      partitions_(static_cast<size_t>(std::max(options.input_partitions, 1))) {}

ApplyOutcome Merger::apply(const PartialRecord& r) {
  if (r.input_partition < 0 || static_cast<size_t>(r.input_partition) >= partitions_.size()) {
    return ApplyOutcome::kUnknownPartition;
  }
  if (r.slide_ms != options_.window.slide_ms) return ApplyOutcome::kWrongSlide;
  Partition& p = partitions_[static_cast<size_t>(r.input_partition)];
  if (p.heard) {
    // A progress-only record at the position is applied (its flags are news); anything
    // else that does not start at the position is not.
    if (r.from_offset < p.position) {
      return r.to_offset <= p.position ? ApplyOutcome::kDuplicate : ApplyOutcome::kOverlap;
    }
    if (r.from_offset > p.position) return ApplyOutcome::kGap;
  }
  merge_slices(r);
  p.heard = true;
  p.position = r.to_offset;
  if (r.max_event_ms) {
    p.max_event_ms = p.max_event_ms ? std::max(*p.max_event_ms, *r.max_event_ms) : *r.max_event_ms;
  }
  p.idle = r.idle;
  p.ended = r.end_reached;
  return ApplyOutcome::kApplied;
}

void Merger::merge_slices(const PartialRecord& r) {
  if (r.slices.empty()) return;
  window::SliceCounts partial(options_.window.slide_ms);
  for (const PartialSlice& s : r.slices) {
    window::FlatCounter& counter = partial.slice(s.index);
    for (const auto& [name, n] : s.counts) counter.add(engine_.intern(name), n);
  }
  const window::MergeOutcome m = engine_.merge(partial);
  late_.late_partial += m.late_partial;
  late_.too_late += m.too_late;
}

// The rule of one process (window::WatermarkRule), with idleness as the members reported it.
std::optional<int64_t> Merger::watermark() const {
  window::WatermarkRule rule;
  for (const Partition& p : partitions_) {
    if (!p.heard || !rule.add(p.max_event_ms, !(p.idle || p.ended))) return std::nullopt;
  }
  return rule.result(options_.lateness_ms);
}

void Merger::advance(std::vector<window::WindowResult>& out) {
  if (const auto w = watermark()) engine_.advance(*w, out);
}

void Merger::flush(std::vector<window::WindowResult>& out) {
  engine_.flush(out);
}

bool Merger::all_ended() const {
  return std::all_of(partitions_.begin(), partitions_.end(),
                     [](const Partition& p) { return p.heard && p.ended; });
}

std::optional<int64_t> Merger::position(int32_t partition) const {
  if (partition < 0 || static_cast<size_t>(partition) >= partitions_.size()) return std::nullopt;
  const Partition& p = partitions_[static_cast<size_t>(partition)];
  return p.heard ? std::optional<int64_t>(p.position) : std::nullopt;
}

// Version 1: "MG" u8 version | str engine | i64 late_partial | i64 too_late
//   | u32 partitions, each: u8 flags (1 heard, 2 has max, 4 idle, 8 ended) | i64 position
//   | i64 max_event_ms
namespace {
constexpr uint8_t kVersion = 1;
constexpr uint8_t kHeard = 1, kHasMax = 2, kIdle = 4, kEnded = 8;
}  // namespace

std::string Merger::save() const {
  std::string out;
  window::StateWriter w(out);
  w.u8('M'), w.u8('G'), w.u8(kVersion);
  w.str(engine_.save());
  w.i64(late_.late_partial), w.i64(late_.too_late);
  w.u32(static_cast<uint32_t>(partitions_.size()));
  for (const Partition& p : partitions_) {
    w.u8(static_cast<uint8_t>((p.heard ? kHeard : 0) | (p.max_event_ms ? kHasMax : 0) |
                              (p.idle ? kIdle : 0) | (p.ended ? kEnded : 0)));
    w.i64(p.position), w.i64(p.max_event_ms.value_or(0));
  }
  return out;
}

Status Merger::restore(std::string_view saved) {
  window::StateReader r(saved);
  if (r.u8() != 'M' || r.u8() != 'G') return Error{"merger state: not a merger checkpoint"};
  if (r.u8() != kVersion) return Error{"merger state: unsupported version"};
  const std::string_view engine_state = r.str();
  window::MergeOutcome late{r.i64(), r.i64()};
  const uint32_t n = r.count(17);
  std::vector<Partition> partitions(n);
  for (Partition& p : partitions) {
    const uint8_t flags = r.u8();
    p.position = r.i64();
    const int64_t max_event_ms = r.i64();
    if (flags & ~(kHeard | kHasMax | kIdle | kEnded)) r.fail();
    p.heard = flags & kHeard;
    if (flags & kHasMax) p.max_event_ms = max_event_ms;
    p.idle = flags & kIdle;
    p.ended = flags & kEnded;
  }
  if (!r.at_end()) return Error{"merger state: truncated or corrupt checkpoint"};
  if (n != partitions_.size()) {
    return Error{"merger state: saved for " + std::to_string(n) +
                 " input partitions, the topic has " + std::to_string(partitions_.size())};
  }
  window::TopDestinations engine(options_.window);
  if (auto st = engine.restore(engine_state); !st) return Error{"merger state: " + st.message()};
  engine_ = std::move(engine);
  partitions_ = std::move(partitions);
  late_ = late;
  return {};
}

Status Merger::adopt(std::string_view engine_state,
                     const std::map<int32_t, InputProgress>& inputs) {
  std::vector<Partition> partitions(partitions_.size());
  for (const auto& [p, in] : inputs) {
    if (p < 0 || static_cast<size_t>(p) >= partitions.size()) {
      return Error{"merger state: the job's state names input partition " + std::to_string(p) +
                   ", the topic has " + std::to_string(partitions.size())};
    }
    partitions[static_cast<size_t>(p)] =
        Partition{true, in.position, in.max_event_ms, in.idle, false};
  }
  window::TopDestinations engine(options_.window);
  if (auto st = engine.restore(engine_state); !st) return Error{"merger state: " + st.message()};
  engine_ = std::move(engine);
  partitions_ = std::move(partitions);
  late_ = {};
  return {};
}

}  // namespace clicklog::scaleout
