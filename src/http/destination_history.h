// GET /api/destinations/NAME?hours=H: one destination's searches window by window over the
// last H hours of windows the live view holds (docs/http-api.md), as one JSON object.
#pragma once

#include <string>
#include <string_view>

#include "http/live_view.h"

namespace clicklog::http {

// The hours a history may span: the live view holds six hours of 10 s slides.
inline constexpr int kMaxHistoryHours = 6;

// {"destination":NAME,"hours":H,"windows":[{"window_start":...,"window_end":...,"rank":R,
// "searches":N},...]}, oldest first; an unknown name has an empty list.
std::string destination_history_json(const LiveView& view, std::string_view destination, int hours);

}  // namespace clicklog::http
