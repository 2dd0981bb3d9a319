#include "job/dead_letter.h"

#include "common/log.h"
#include "common/metrics.h"

namespace clicklog::job {

Status DeadLetterQueue::forward(std::optional<std::string_view> key, std::string_view value,
                                std::string_view reason, int32_t partition, int64_t offset) {
  static auto& forwarded = metrics::counter("clicklog_dead_letters_total",
                                            "Bad records forwarded to the dead-letter topic");
  std::vector<kafka::Header> headers = {
      {"reason", std::string(reason)},
      {"topic", source_topic_},
      {"partition", std::to_string(partition)},
      {"offset", std::to_string(offset)},
  };
  Status st = producer_.send(dlq_topic_, key, value, headers);
  if (st) forwarded.add();
  return st;
}

}  // namespace clicklog::job
