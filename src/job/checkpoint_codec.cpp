#include "job/checkpoint_codec.h"

#include <fmt/format.h>

#include "window/state_codec.h"

namespace clicklog::job {
namespace {
// u8 version | topic | i64 sequence | cluster id | engine | watermarks
// | u32 n, n × (i32 partition, i64 next offset) | u8 has last emitted | i64 last emitted end
// | user windows (version 3 only). Without user windows (the binary's jobs) the checkpoint is
// written in version 2, so that an older build can still resume from it.
constexpr uint8_t kVersion = 3;
constexpr uint8_t kWithoutUserWindows = 2;
}  // namespace

std::string encode_checkpoint(const Checkpoint& c) {
  std::string out;
  out.reserve(64 + c.engine.size() + c.watermarks.size() + 12 * c.offsets.size());
  window::StateWriter w(out);
  const bool with_user_windows = !c.user_windows.empty();
  w.u8(with_user_windows ? kVersion : kWithoutUserWindows), w.str(c.topic),
      w.i64(static_cast<int64_t>(c.sequence)), w.str(c.cluster_id);
  w.str(c.engine), w.str(c.watermarks);
  w.u32(static_cast<uint32_t>(c.offsets.size()));
  for (const auto& [p, o] : c.offsets) w.i32(p), w.i64(o);
  w.u8(c.last_emitted_end_ms ? 1 : 0), w.i64(c.last_emitted_end_ms.value_or(0));
  if (with_user_windows) w.str(c.user_windows);
  return out;
}

Result<Checkpoint> decode_checkpoint(std::string_view bytes, std::string_view where) {
  window::StateReader r(bytes);
  const uint8_t version = r.u8();
  if (const uint8_t v = version; r.ok() && v != kVersion && v != kWithoutUserWindows) {
    return Error{
        fmt::format("{} has format version {}; this build reads {} (remove it to start "
                    "afresh from the group's offsets)",
                    where, v, kVersion)};
  }
  Checkpoint c;
  c.topic = std::string(r.str());
  c.sequence = static_cast<uint64_t>(r.i64());
  c.cluster_id = std::string(r.str());
  c.engine = std::string(r.str());
  c.watermarks = std::string(r.str());
  for (uint32_t i = 0, n = r.count(12); i < n && r.ok(); ++i) {
    const int32_t p = r.i32();
    c.offsets[p] = r.i64();
  }
  const bool has_emitted = r.u8() == 1;
  const int64_t end = r.i64();
  if (has_emitted) c.last_emitted_end_ms = end;
  if (version == kVersion) c.user_windows = std::string(r.str());
  if (!r.at_end()) return Error{fmt::format("{} is corrupt", where)};
  return c;
}

}  // namespace clicklog::job
