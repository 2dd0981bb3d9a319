// The metrics that more than one stage sets: the single job (Processor) and a scaled-out
// group's merger (MergeStage), whichever emits the windows in a process, and the state bytes
// of a group's two stages (GroupJob, MergeStage).
#pragma once

#include <string_view>

#include "common/metrics.h"

namespace clicklog::job {

metrics::Metric& windows_emitted_metric();
metrics::Metric& watermark_metric();
// stage: "member" (the partial records last published) or "merge" (the last checkpoint).
metrics::Metric& state_bytes_metric(std::string_view stage);

}  // namespace clicklog::job
