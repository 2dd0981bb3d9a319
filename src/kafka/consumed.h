// ConsumedBatch: what one poll of the group consumer returned, classified at the Kafka boundary
// so that the job sees records, partition ends and errors, never librdkafka's messages or error
// codes. The views stay valid until the batch is cleared or destroyed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

struct rd_kafka_message_s;  // librdkafka's message; owned here, never handed out
struct rd_kafka_queue_s;

namespace clicklog::kafka {

struct Consumed {
  enum class Kind : uint8_t {
    kRecord,        // a record of the topic
    kPartitionEnd,  // the consumer reached the partition's current end
    kError,         // a consumer error; `fatal` when the job cannot go on
  };
  Kind kind = Kind::kRecord;
  int32_t partition = -1;
  // kRecord: the record's offset; kPartitionEnd: the end offset (the next one to be written).
  int64_t offset = -1;
  std::optional<std::string_view> key;  // kRecord: nullopt for a null key
  std::string_view value;               // kRecord: the value; kError: the error text
  bool fatal = false;
};

class ConsumedBatch {
 public:
  ConsumedBatch() = default;
  ConsumedBatch(const ConsumedBatch&) = delete;
  ConsumedBatch& operator=(const ConsumedBatch&) = delete;
  ~ConsumedBatch() { clear(); }

  const std::vector<Consumed>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  // Releases the messages: every view taken from this batch dies here.
  void clear();
  void swap(ConsumedBatch& other) noexcept {
    items_.swap(other.items_);
    owned_.swap(other.owned_);
  }
  // Moves `other`'s items and messages to the end of this batch, leaving `other` empty.
  void append(ConsumedBatch& other);

 private:
  friend class Consumer;
  friend class PartitionReader;
  friend class PollAhead;
  void add(rd_kafka_message_s* message);
  // One poll of `queue`: up to `max` messages, waiting at most timeout_ms for them, added to
  // this batch; `buffer` is the caller's, kept between polls.
  void poll(rd_kafka_queue_s* queue, size_t max, int timeout_ms,
            std::vector<rd_kafka_message_s*>& buffer);

  std::vector<Consumed> items_;
  std::vector<rd_kafka_message_s*> owned_;
};

}  // namespace clicklog::kafka
