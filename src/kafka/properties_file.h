// Reads librdkafka properties from a file, as kcat's -F does: one `key=value` a line, for
// `clicklog --kafka-config FILE`, so that secrets need not be on the command line.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "kafka/client_config.h"

namespace clicklog::kafka {

// Parses the text of a properties file. Blank lines and lines whose first non-blank character
// is '#' are skipped; any other line is split at its first '=', the key and value trimmed of
// surrounding blanks (a '#' after the start of a line is part of the value). A line without
// '=' or with an empty key is an error naming `origin` and the line number, but not the
// line's text, which may be a secret. Later lines win over earlier ones, as they are applied
// in order.
Result<Properties> parse_properties(std::string_view text, std::string_view origin);

// Reads and parses the file at path; an error names the file and why it cannot be read.
Result<Properties> read_properties_file(const std::string& path);

}  // namespace clicklog::kafka
