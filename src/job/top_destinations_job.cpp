#include "job/top_destinations_job.h"

#include "common/log.h"
#include "job/group_job.h"
#include "job/group_topics.h"
#include "job/streaming_job.h"

namespace clicklog::job {
namespace {

Status run_member(JobOptions options, ResultSink& sink, JobHooks hooks) {
  options.scale_out = true;
  auto member = GroupJob::open(options, sink, std::move(hooks));
  if (!member) return member.error();
  return (*member)->run();
}

}  // namespace

Status run_top_destinations(const JobOptions& options, ResultSink& sink, JobHooks hooks) {
  if (!hooks.user_windows.empty() && options.scale_out) {
    return Error{
        "user aggregations cannot run in a --scale-out group (its partials carry the "
        "top destinations only)"};
  }
  if (options.scale_out) return run_member(options, sink, std::move(hooks));
  JobOptions alone = options;
  alone.may_form_group = options.may_form_group && hooks.user_windows.empty();
  JobHooks member_hooks = hooks;
  bool formed = false;
  auto job = StreamingJob::open(alone, sink, std::move(hooks), &formed);
  if (!job) return job.error();
  if (formed) {
    log::info("group {} formed before ({} holds its state): this process is one of its members",
              options.consumer.group, merge_topic_of(options.consumer.group));
    return run_member(options, sink, std::move(member_hooks));
  }
  const Status status = (*job)->run();
  if (!status.ok() || !(*job)->joins_group()) return status;
  job->reset();  // out of the group before the member joins it
  return run_member(options, sink, std::move(member_hooks));
}

}  // namespace clicklog::job
