#include "scaleout/merge_checkpoint.h"

#include <fmt/format.h>

#include "window/state_codec.h"

namespace clicklog::scaleout {
namespace {

// "MC" u8 version | u8 done | offsets partials | offsets input | str merger; offsets: u32 count,
// each i32 partition | i64 offset (both non-negative).
constexpr uint8_t kVersion = 1;

void write_offsets(window::StateWriter& w, const std::map<int32_t, int64_t>& offsets) {
  w.u32(static_cast<uint32_t>(offsets.size()));
  for (const auto& [p, o] : offsets) {
    w.i32(p);
    w.i64(o);
  }
}

bool read_offsets(window::StateReader& r, std::map<int32_t, int64_t>& out) {
  const uint32_t n = r.count(12);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const int32_t p = r.i32();
    const int64_t o = r.i64();
    if (p < 0 || o < 0 || !out.emplace(p, o).second) return false;
  }
  return r.ok();
}

}  // namespace

std::string encode(const MergeCheckpoint& c) {
  std::string out = "MC";
  window::StateWriter w(out);
  w.u8(kVersion);
  w.u8(c.done ? 1 : 0);
  write_offsets(w, c.partials_offsets);
  write_offsets(w, c.input_positions);
  w.str(c.merger);
  return out;
}

Result<MergeCheckpoint> decode_merge_checkpoint(std::string_view bytes) {
  if (bytes.substr(0, 2) != "MC") return Error{"merge checkpoint: not one (no MC magic)"};
  window::StateReader r(bytes.substr(2));
  const uint8_t version = r.u8();
  if (r.ok() && version != kVersion) {
    return Error{fmt::format("merge checkpoint: version {} is not known here", version)};
  }
  MergeCheckpoint c;
  const uint8_t done = r.u8();
  if (!r.ok() || done > 1 || !read_offsets(r, c.partials_offsets) ||
      !read_offsets(r, c.input_positions)) {
    return Error{"merge checkpoint: truncated or inconsistent offsets"};
  }
  c.done = done == 1;
  c.merger = std::string(r.str());
  if (!r.at_end()) return Error{"merge checkpoint: truncated, or bytes after its end"};
  return c;
}

}  // namespace clicklog::scaleout
