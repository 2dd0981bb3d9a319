// How a checkpoint travels through the state topic (docs/reliability.md): cut into chunks that
// fit any broker's message limit, keyed "<group>/<parity>/<index>" where parity is the
// checkpoint's sequence mod 2. A crash halfway through publishing checkpoint n therefore
// leaves checkpoint n-1 whole under the other parity, and compaction keeps the newest value of
// each key. ChunkAssembler reads them back: the newest checkpoint whose chunks all arrived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clicklog::job {

// 512 KiB: under Kafka's default message.max.bytes (1 MB) with room for the record overhead.
constexpr size_t kStateChunkBytes = 512 * 1024;

struct KeyedRecord {
  std::string key;
  std::string value;
};

std::vector<KeyedRecord> split_checkpoint(std::string_view group, uint64_t sequence,
                                          std::string_view bytes,
                                          size_t chunk_bytes = kStateChunkBytes);

struct AssembledCheckpoint {
  uint64_t sequence;
  std::string bytes;
};

class ChunkAssembler {
 public:
  explicit ChunkAssembler(std::string_view group) : prefix_(std::string(group) + "/") {}

  // Takes one record of the topic, in any order: a chunk of an older checkpoint never
  // replaces a newer one. Records of other groups are skipped; a value that is not a chunk
  // is counted in malformed().
  void add(std::string_view key, std::optional<std::string_view> value);
  std::optional<AssembledCheckpoint> newest() const;
  size_t malformed() const { return malformed_; }

 private:
  struct Chunk {
    uint64_t sequence;
    uint32_t count;
    std::string bytes;
  };
  std::string prefix_;
  std::map<std::pair<int, uint32_t>, Chunk> chunks_;  // by (parity, index)
  size_t malformed_ = 0;
};

}  // namespace clicklog::job
