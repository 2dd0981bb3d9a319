// The metrics that both the single job (Processor) and a scaled-out group's merger
// (MergeStage) set, whichever of them emits the windows in a process.
#pragma once

#include "common/metrics.h"

namespace clicklog::job {

metrics::Metric& windows_emitted_metric();
metrics::Metric& watermark_metric();

}  // namespace clicklog::job
