// PartitionReader: a reader of chosen partitions of one topic from chosen offsets, outside any
// consumer group (nothing committed, no rebalance): the scale-out merger's reader of the partials
// topic, and a member's watch on the tail of the group's merge topic. Owned by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/result.h"
#include "kafka/client_config.h"
#include "kafka/consumed.h"

namespace clicklog::kafka {

class PartitionReader {
 public:
  static constexpr int64_t kBeginning = -2;  // a partition's first record still kept
  static constexpr int64_t kEnd = -1;        // a partition's next record to be written

  static Result<PartitionReader> create(const std::string& brokers, const Properties& overrides,
                                        const std::string& topic, int connect_timeout_ms);
  PartitionReader(PartitionReader&&) noexcept;
  PartitionReader& operator=(PartitionReader&&) noexcept;
  ~PartitionReader();

  // Reads exactly these partitions from now on, each from its offset (or kBeginning, kEnd).
  Status assign(const std::map<int32_t, int64_t>& offsets);
  // Appends up to `max` items (records, partition ends, errors), waiting at most timeout_ms.
  void poll_batch(ConsumedBatch& out, size_t max, int timeout_ms);

  // Every partition's offsets: low, the first still kept, to high, the next to be written.
  struct Range {
    int64_t low = 0;
    int64_t high = 0;
  };
  Result<std::map<int32_t, Range>> ranges(int timeout_ms);
  // One partition's: a single request, which waits behind this reader's fetch in flight (at
  // most its fetch.wait.max.ms).
  Result<Range> range(int32_t partition, int timeout_ms);

  const std::string& topic() const;
  int partitions() const;

 private:
  struct Impl;
  explicit PartitionReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The value of the last record of each key asked for, by key: for positions kept in a log that
// several keys share (`keys`: by partition, the keys whose last record it holds). Reads back from
// each partition's end in growing spans until every key asked of it is found or its first record
// is read; a key without any record is absent from the answer. Fails when the topic is missing or
// a span is not read within timeout_ms.
Result<std::map<std::string, std::string>> read_last_values(
    const std::string& brokers, const Properties& overrides, const std::string& topic,
    const std::map<int32_t, std::set<std::string>>& keys, int timeout_ms);

}  // namespace clicklog::kafka
