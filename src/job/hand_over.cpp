#include "job/hand_over.h"

#include <fmt/format.h>

#include "common/log.h"
#include "job/group_topics.h"
#include "scaleout/merge_checkpoint.h"

namespace clicklog::job {
namespace {

// Where the partials topic ends now: a merger starting from the hand-over reads only what
// members publish after it.
Result<std::map<int32_t, int64_t>> partials_ends(const JobOptions& options) {
  const std::string topic = partials_topic_of(options.consumer.group);
  auto reader = topic_reader(options, topic);
  if (!reader) return std::map<int32_t, int64_t>{};  // made later, empty, by the members
  auto ranges = reader->ranges(options.consumer.connect_timeout_ms);
  if (!ranges) return Error{fmt::format("{}: {}", topic, ranges.error().message)};
  std::map<int32_t, int64_t> ends;
  for (const auto& [p, r] : *ranges) ends[p] = r.high;
  return ends;
}

}  // namespace

Status hand_over(const JobOptions& options, kafka::Producer& producer, const AloneState& state) {
  const std::string merge_topic = merge_topic_of(options.consumer.group);
  scaleout::Merger merger(scaleout::MergerOptions{
      options.processor.window, options.processor.lateness_ms, state.input_partitions});
  if (auto st = merger.adopt(state.engine, state.inputs); !st) return st;
  scaleout::MergeCheckpoint checkpoint;
  auto ends = partials_ends(options);
  if (!ends) return ends.error();
  checkpoint.partials_offsets = std::move(*ends);
  checkpoint.merger = merger.save();
  for (const auto& [p, in] : state.inputs) checkpoint.input_positions[p] = in.position;
  if (auto made = ensure_topic(options, producer, merge_topic, 1); !made) return made.error();
  if (auto st = producer.send(merge_topic, kHandOverKey, scaleout::encode(checkpoint), {},
                              kMergerPartition);
      !st) {
    return Error{fmt::format("merge topic {}: {}", merge_topic, st.message())};
  }
  if (auto st = producer.flush(options.consumer.connect_timeout_ms); !st) {
    return Error{fmt::format("merge topic {}: {}", merge_topic, st.message())};
  }
  if (producer.failed() > 0) {
    return Error{fmt::format("merge topic {}: a record could not be delivered", merge_topic)};
  }
  return {};
}

bool group_has_formed(const JobOptions& options) {
  auto reader = topic_reader(options, merge_topic_of(options.consumer.group));
  if (!reader) return false;
  auto range = reader->range(kMergerPartition, options.consumer.connect_timeout_ms);
  return range && range->high > range->low;
}

}  // namespace clicklog::job
