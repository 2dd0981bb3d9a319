#include "job/state_chunks.h"

#include <fmt/format.h>

#include <charconv>

#include "window/state_codec.h"

namespace clicklog::job {
namespace {
// Value: u8 version | i64 sequence | u32 index | u32 count | the chunk's bytes.
constexpr uint8_t kChunkVersion = 1;
constexpr size_t kHeaderBytes = 1 + 8 + 4 + 4;

bool parse_u32(std::string_view text, uint32_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}
}  // namespace

std::vector<KeyedRecord> split_checkpoint(std::string_view group, uint64_t sequence,
                                          std::string_view bytes, size_t chunk_bytes) {
  const size_t count = bytes.empty() ? 1 : (bytes.size() + chunk_bytes - 1) / chunk_bytes;
  std::vector<KeyedRecord> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view part =
        bytes.substr(std::min(bytes.size(), i * chunk_bytes), chunk_bytes);
    KeyedRecord r{fmt::format("{}/{}/{}", group, sequence % 2, i), {}};
    r.value.reserve(kHeaderBytes + part.size());
    window::StateWriter w(r.value);
    w.u8(kChunkVersion), w.i64(static_cast<int64_t>(sequence)), w.u32(static_cast<uint32_t>(i));
    w.u32(static_cast<uint32_t>(count));
    r.value.append(part);
    out.push_back(std::move(r));
  }
  return out;
}

void ChunkAssembler::add(std::string_view key, std::optional<std::string_view> value) {
  if (!key.starts_with(prefix_)) return;
  const std::string_view rest = key.substr(prefix_.size());
  const size_t slash = rest.find('/');
  uint32_t parity = 0, index = 0;
  if (!value || slash == std::string_view::npos || !parse_u32(rest.substr(0, slash), parity) ||
      parity > 1 || !parse_u32(rest.substr(slash + 1), index) || value->size() < kHeaderBytes) {
    ++malformed_;
    return;
  }
  window::StateReader r(value->substr(0, kHeaderBytes));
  const uint8_t version = r.u8();
  const auto sequence = static_cast<uint64_t>(r.i64());
  const uint32_t at = r.u32(), count = r.u32();
  if (version != kChunkVersion || at != index || index >= count || sequence % 2 != parity) {
    ++malformed_;
    return;
  }
  auto [it, fresh] = chunks_.try_emplace({static_cast<int>(parity), index});
  if (!fresh && it->second.sequence > sequence) return;
  it->second = Chunk{sequence, count, std::string(value->substr(kHeaderBytes))};
}

std::optional<AssembledCheckpoint> ChunkAssembler::newest() const {
  std::optional<AssembledCheckpoint> best;
  for (int parity = 0; parity < 2; ++parity) {
    const auto first = chunks_.find({parity, 0});
    if (first == chunks_.end()) continue;
    const uint64_t sequence = first->second.sequence;
    if (best && best->sequence >= sequence) continue;
    AssembledCheckpoint whole{sequence, {}};
    bool complete = true;
    for (uint32_t i = 0; i < first->second.count && complete; ++i) {
      const auto it = chunks_.find({parity, i});
      complete = it != chunks_.end() && it->second.sequence == sequence &&
                 it->second.count == first->second.count;
      if (complete) whole.bytes += it->second.bytes;
    }
    if (complete) best = std::move(whole);
  }
  return best;
}

}  // namespace clicklog::job
