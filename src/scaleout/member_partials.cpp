#include "scaleout/member_partials.h"

namespace clicklog::scaleout {
namespace {
// Past this many names a member starts its table afresh once no builder holds a count, so that a
// stream of ever-new names costs no memory that lasts.
constexpr size_t kNamesKept = 4096;
}  // namespace

void MemberPartials::assign(int32_t partition, int64_t next_offset,
                            std::optional<int64_t> max_event_ms) {
  builders_.erase(partition);
  builders_.emplace(partition,
                    Owned{PartialBuilder(partition, slide_ms_, next_offset, max_event_ms)});
  cached_partition_ = -1;
}

void MemberPartials::revoke(int32_t partition) {
  builders_.erase(partition);
  cached_partition_ = -1;
}

PartialBuilder& MemberPartials::builder(int32_t partition) {
  if (partition != cached_partition_) {
    cached_ = &builders_.at(partition);
    cached_partition_ = partition;
  }
  return cached_->builder;
}

bool MemberPartials::fresh(int32_t partition, int64_t offset) {
  if (partition != cached_partition_ && !owns(partition)) return false;
  return offset >= builder(partition).next_offset();
}

PartialRecord MemberPartials::take_from(Owned& owned, bool idle, bool ended) {
  owned.idle = idle;
  owned.ended = ended;
  return owned.builder.take(names_, idle, ended);
}

std::vector<PartialRecord> MemberPartials::take(const Flag& idle, const Flag& ended) {
  std::vector<PartialRecord> out;
  for (auto& [p, owned] : builders_) {
    const bool is_idle = idle(p), has_ended = ended(p);
    if (owned.builder.has_news() || is_idle != owned.idle || has_ended != owned.ended) {
      out.push_back(take_from(owned, is_idle, has_ended));
    }
  }
  forget_names_when_unused();
  return out;
}

PartialRecord MemberPartials::take_one(int32_t partition, bool idle, bool ended) {
  return take_from(builders_.at(partition), idle, ended);
}

std::map<int32_t, int64_t> MemberPartials::next_offsets() const {
  std::map<int32_t, int64_t> out;
  for (const auto& [p, owned] : builders_) out[p] = owned.builder.next_offset();
  return out;
}

// Every builder is empty right after take(): no id is in use.
void MemberPartials::forget_names_when_unused() {
  if (names_.size() > kNamesKept) names_ = window::DestinationTable();
}

}  // namespace clicklog::scaleout
