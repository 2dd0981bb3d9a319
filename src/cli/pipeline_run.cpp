#include "cli/pipeline_run.h"

#include <utility>

#include "clicklog/error.h"
#include "clicklog/pipeline.h"
#include "lib/pipeline_access.h"

namespace clicklog::cli {

namespace {

window::WindowResult to_engine_result(const WindowResult& w) {
  window::WindowResult out{.start_ms = w.start_ms, .end_ms = w.end_ms, .top = {}};
  out.top.reserve(w.top.size());
  for (const auto& e : w.top) out.top.push_back({e.destination, e.searches});
  return out;
}

}  // namespace

Status run_as_pipeline(const job::JobOptions& options, job::JobHooks hooks, job::ResultSink& sink) {
  auto pipeline = detail::PipelineAccess::from_job_options(options, std::move(hooks));
  pipeline.on_window([&sink](const WindowResult& w) { sink.write(to_engine_result(w)); });
  try {
    pipeline.run();
  } catch (const PipelineError& e) {
    return Error{e.what()};
  }
  return {};
}

}  // namespace clicklog::cli
