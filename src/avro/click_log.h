// The ClickLog event (schema/clicklog.avsc): one user interaction on the travel site.
// ClickLog owns its strings; ClickLogView points into a decoded buffer and is the hot-path form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clicklog {

struct ClickLog {
  std::optional<int64_t> user_id;
  std::optional<std::string> time;
  std::optional<std::string> action;
  std::optional<std::string> destination;
  std::optional<std::string> hotel;

  bool operator==(const ClickLog&) const = default;
};

// Valid only while the buffer it was decoded from lives.
struct ClickLogView {
  std::optional<int64_t> user_id;
  std::optional<std::string_view> time;
  std::optional<std::string_view> action;
  std::optional<std::string_view> destination;
  std::optional<std::string_view> hotel;

  ClickLog to_owned() const {
    auto own = [](const std::optional<std::string_view>& s) {
      return s ? std::optional<std::string>(std::string(*s)) : std::nullopt;
    };
    return {user_id, own(time), own(action), own(destination), own(hotel)};
  }
};

}  // namespace clicklog
