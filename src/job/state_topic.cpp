#include "job/state_topic.h"

#include <fmt/format.h>

#include "common/log.h"
#include "common/metrics.h"
#include "job/checkpoint_codec.h"
#include "job/state_chunks.h"
#include "kafka/topic_reader.h"

namespace clicklog::job {

Result<std::optional<Checkpoint>> StateTopic::fetch() const {
  ChunkAssembler assembler(options_.group);
  if (auto st = kafka::read_topic(options_.brokers, options_.overrides, options_.topic,
                                  options_.timeout_ms,
                                  [&](std::string_view key, std::optional<std::string_view> value) {
                                    assembler.add(key, value);
                                  });
      !st) {
    return Error{fmt::format("state topic: {}", st.message())};
  }
  if (assembler.malformed() > 0) {
    log::warn("state topic {}: skipped {} record(s) of group {} that are not checkpoint chunks",
              options_.topic, assembler.malformed(), options_.group);
  }
  auto newest = assembler.newest();
  if (!newest) return std::optional<Checkpoint>{};
  auto c = decode_checkpoint(
      newest->bytes, fmt::format("checkpoint #{} of group {} in state topic {}", newest->sequence,
                                 options_.group, options_.topic));
  if (!c) return c.error();
  return std::optional<Checkpoint>(std::move(*c));
}

Status StateTopic::publish(uint64_t sequence, std::string_view bytes) {
  static auto& bytes_total = metrics::counter("clicklog_state_topic_bytes_total",
                                              "Checkpoint bytes published to the state topic");
  for (auto& record : split_checkpoint(options_.group, sequence, bytes)) {
    if (auto st = producer_.send(options_.topic, record.key, record.value); !st) {
      return Error{fmt::format("state topic {}: {}", options_.topic, st.message())};
    }
  }
  bytes_total.add(bytes.size());
  return {};
}

}  // namespace clicklog::job
