// Minimal JSON string writing for clicklog's JSON lines outputs (no JSON library needed for
// flat records). Invalid UTF-8 bytes become U+FFFD so every line stays valid JSON.
#pragma once

#include <string>
#include <string_view>

namespace clicklog::json {

// Appends `text` as a quoted, escaped JSON string.
void append_string(std::string& out, std::string_view text);

}  // namespace clicklog::json
