#include "hotel/hotel_dictionary.h"

#include <stdexcept>

namespace clicklog::hotel {

uint32_t HotelDictionary::intern(std::string_view name) {
  if (auto it = ids_.find(name); it != ids_.end()) return it->second;
  if (names_.size() >= UINT32_MAX - 1) throw std::length_error("HotelDictionary: too many hotels");
  names_.push_back(std::make_unique<const std::string>(name));
  const auto id = static_cast<uint32_t>(names_.size());
  ids_.emplace(*names_.back(), id);
  return id;
}

size_t HotelDictionary::memory_bytes() const {
  // An estimate: string payloads and objects, map nodes (key, value, next pointer, hash) and
  // buckets; allocator overhead is not counted.
  size_t bytes = names_.capacity() * sizeof(names_[0]) + ids_.bucket_count() * sizeof(void*);
  for (const auto& n : names_) {
    bytes += sizeof(std::string) + (n->size() > 15 ? n->capacity() + 1 : 0);
    bytes += sizeof(std::string_view) + sizeof(uint32_t) + 2 * sizeof(void*);
  }
  return bytes;
}

}  // namespace clicklog::hotel
