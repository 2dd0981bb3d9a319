// Pipeline::Impl: the public Pipeline's state, the job options it runs and the user's callbacks.
// Shared by pipeline.cpp and the binary's bridge (pipeline_access.h).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "clicklog/pipeline.h"
#include "job/top_destinations_job.h"
#include "lib/aggregation_windows.h"

namespace clicklog {

struct Pipeline::Impl {
  PipelineOptions options;
  job::JobOptions job;
  job::JobHooks hooks;
  std::vector<std::function<void(const WindowResult&)>> window_callbacks;
  std::vector<std::function<void(const RecordView&)>> record_callbacks;
  std::vector<std::unique_ptr<AggregationWindows>> aggregations;
  bool ran = false;
};

// The job options of the public ones (throws PipelineError when they make no sense).
job::JobOptions to_job_options(const PipelineOptions& options);

}  // namespace clicklog
