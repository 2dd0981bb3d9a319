// The live page served at `/`, built into the binary: the latest window's top destinations as
// bars with rank changes, updated from /api/windows/stream, one destination's last hour as a
// chart (/api/destinations), a second-hotel look-up box (/api/second-hotel), and the status.
#pragma once

#include <string_view>

namespace clicklog::http {

extern const std::string_view kLivePage;

}  // namespace clicklog::http
