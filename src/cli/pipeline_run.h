// run_as_pipeline: how `clicklog run` and `clicklog demo` run their job, as the library's
// Pipeline (include/clicklog/pipeline.h) with the options and hooks their flags set, so that the
// binary is built on the same public API as a user's program.
#pragma once

#include "common/result.h"
#include "job/result_sink.h"
#include "job/top_destinations_job.h"

namespace clicklog::cli {

// Each window goes to `sink`; a failure of the job comes back as an error.
Status run_as_pipeline(const job::JobOptions& options, job::JobHooks hooks, job::ResultSink& sink);

}  // namespace clicklog::cli
