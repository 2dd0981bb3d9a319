// The live page served at `/`, built into the binary: the latest window's top destinations as
// bars with rank changes, updated from /api/windows/stream, and the job's status.
#pragma once

#include <string_view>

namespace clicklog::http {

extern const std::string_view kLivePage;

}  // namespace clicklog::http
