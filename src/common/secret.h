// The `env:NAME` / `file:PATH` indirection for secrets, shared by `--config` files and the
// store URI's `password=` option, so that a password need be neither on the command line nor
// in a config file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace clicklog {

// "env:NAME" gives that variable's value, "file:PATH" that file's text without its final
// newline (the one `echo` adds), anything else itself. An error says which variable is unset
// or which file cannot be read and why, never the secret.
Result<std::string> resolve_secret(std::string_view value);

// A file: secret longer than this is refused.
inline constexpr size_t kMaxSecretFileSize = 64 * 1024;

}  // namespace clicklog
