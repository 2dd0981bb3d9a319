#include "job/top_destinations_job.h"

#include "job/group_job.h"
#include "job/streaming_job.h"

namespace clicklog::job {

Status run_top_destinations(const JobOptions& options, ResultSink& sink, JobHooks hooks) {
  if (options.scale_out && !hooks.user_windows.empty()) {
    return Error{
        "user aggregations cannot run in a --scale-out group (its partials carry the "
        "top destinations only)"};
  }
  if (options.scale_out) {
    auto member = GroupJob::open(options, sink, std::move(hooks));
    if (!member) return member.error();
    return (*member)->run();
  }
  auto job = StreamingJob::open(options, sink, std::move(hooks));
  if (!job) return job.error();
  return (*job)->run();
}

}  // namespace clicklog::job
