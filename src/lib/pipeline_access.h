// PipelineAccess: what the `clicklog` binary needs of a Pipeline beyond the public surface:
// the job options as its flags set them (results and state topics, guards, scale-out) and the
// job hooks of --store. Not installed; library users have PipelineOptions.
#pragma once

#include "clicklog/pipeline.h"
#include "job/top_destinations_job.h"

namespace clicklog::detail {

struct PipelineAccess {
  // A pipeline running exactly the job these options and hooks describe.
  static Pipeline from_job_options(const job::JobOptions& options, job::JobHooks hooks);
};

}  // namespace clicklog::detail
