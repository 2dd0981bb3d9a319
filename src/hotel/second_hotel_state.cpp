#include "hotel/second_hotel_state.h"

namespace clicklog::hotel {

FoldResult SecondHotelState::add(int64_t user_id, int64_t time_ms, int32_t partition,
                                 int64_t offset, std::string_view hotel) {
  const int32_t day = utc_day(time_ms);
  if (floor_ && day < *floor_) return FoldResult::kIgnored;
  const auto outcome =
      days_[day].add(user_id, click_order(time_ms, partition, offset), hotels_.intern(hotel));
  return outcome.answer_changed ? FoldResult::kAnswerChanged : FoldResult::kUnchanged;
}

void SecondHotelState::set_floor(int32_t day) {
  floor_ = day;
  days_.erase(days_.begin(), days_.lower_bound(day));
}

void SecondHotelState::retain_partitions(const std::set<int32_t>& partitions) {
  every_user_ = false;
  for (auto& [day, table] : days_) {
    DayTable kept;
    table.for_each([&](const UserState& s) {
      if (!partitions.count(s.first.partition)) return;
      kept.add(s.user_id, s.first, s.first_hotel);
      if (s.has_second()) kept.add(s.user_id, s.second, s.second_hotel);
    });
    table = std::move(kept);
  }
}

std::vector<UserHotel> SecondHotelState::answer(int32_t day) const {
  std::vector<UserHotel> rows;
  auto it = days_.find(day);
  if (it == days_.end()) return rows;
  it->second.for_each([&](const UserState& s) {
    if (s.has_second()) rows.push_back({s.user_id, std::string(hotels_.name(s.second_hotel))});
  });
  sort_by_user(rows);
  return rows;
}

std::optional<std::string_view> SecondHotelState::second_hotel(int32_t day, int64_t user_id) const {
  auto it = days_.find(day);
  if (it == days_.end()) return std::nullopt;
  const UserState* s = it->second.find(user_id);
  if (!s || !s->has_second()) return std::nullopt;
  return hotels_.name(s->second_hotel);
}

std::optional<UserHotels> SecondHotelState::hotels(int32_t day, int64_t user_id) const {
  auto it = days_.find(day);
  if (it == days_.end()) return std::nullopt;
  const UserState* s = it->second.find(user_id);
  if (!s) return std::nullopt;
  UserHotels out{hotels_.name(s->first_hotel), std::nullopt};
  if (s->has_second()) out.second = hotels_.name(s->second_hotel);
  return out;
}

std::vector<int32_t> SecondHotelState::days() const {
  std::vector<int32_t> out;
  for (const auto& [day, _] : days_) out.push_back(day);
  return out;
}

size_t SecondHotelState::users(int32_t day) const {
  auto it = days_.find(day);
  return it == days_.end() ? 0 : it->second.size();
}

size_t SecondHotelState::users() const {
  size_t n = 0;
  for (const auto& [_, table] : days_) n += table.size();
  return n;
}

size_t SecondHotelState::memory_bytes() const {
  size_t bytes = hotels_.memory_bytes();
  for (const auto& [_, table] : days_) bytes += sizeof(table) + table.memory_bytes();
  return bytes;
}

}  // namespace clicklog::hotel
