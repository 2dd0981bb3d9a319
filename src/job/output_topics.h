// The topics a job writes to, as the single job and a scale-out member both check and use them
// at start: the dead-letter topic (required), the optional results topic, and sending a window
// there.
#pragma once

#include <string>

#include "common/result.h"
#include "kafka/producer.h"
#include "window/top_destinations.h"

namespace clicklog::job {

// A bad record must have somewhere to go before the first one is read.
Status check_dlq_topic(const kafka::Producer& producer, const std::string& topic, int timeout_ms);

// `topic` when it exists, or empty: a missing default topic only earns a warning saying what
// goes without it; one named explicitly (`required`) must exist.
Result<std::string> optional_topic(const std::string& topic, bool required, const char* flag,
                                   const char* without_it, int timeout_ms,
                                   const kafka::Producer& producer);

// One window to the results topic: key its end (RFC 3339), value its JSON line.
Status send_result(kafka::Producer& producer, const std::string& topic,
                   const window::WindowResult& result);

}  // namespace clicklog::job
