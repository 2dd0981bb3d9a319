// HotelDictionary interns hotel names to ids 1, 2, ... so the per-user state holds 4-byte ids
// instead of strings. Ids are never reused: memory grows with the distinct hotels ever seen,
// which a catalogue bounds (thousands to a few million), not with users or clicks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clicklog::hotel {

class HotelDictionary {
 public:
  uint32_t intern(std::string_view name);
  // The name of an id that intern() returned.
  std::string_view name(uint32_t id) const { return *names_[id - 1]; }
  size_t size() const { return names_.size(); }
  size_t memory_bytes() const;

 private:
  // Names live in their own allocations so the map's string_view keys stay valid as it grows.
  std::vector<std::unique_ptr<const std::string>> names_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace clicklog::hotel
