#include "clicklog/pipeline.h"

#include "clicklog/error.h"
#include "clicklog/version.h"
#include "common/shutdown.h"
#include "lib/pipeline_access.h"
#include "lib/pipeline_impl.h"

namespace clicklog {
namespace {

// The window engine's result in the public form, handed to every callback.
class CallbackSink : public job::ResultSink {
 public:
  explicit CallbackSink(const std::vector<std::function<void(const WindowResult&)>>& callbacks)
      : callbacks_(callbacks) {}
  void write(const window::WindowResult& result) override {
    WindowResult out{.start_ms = result.start_ms, .end_ms = result.end_ms, .top = {}};
    out.top.reserve(result.top.size());
    for (const auto& e : result.top) out.top.push_back({e.destination, e.searches});
    for (const auto& callback : callbacks_) callback(out);
  }

 private:
  const std::vector<std::function<void(const WindowResult&)>>& callbacks_;
};

int64_t ms(std::chrono::milliseconds d) {
  return d.count();
}

}  // namespace

job::JobOptions to_job_options(const PipelineOptions& o) {
  job::JobOptions j;
  j.consumer.brokers = o.brokers;
  j.consumer.topic = o.topic;
  j.consumer.group = o.group;
  j.consumer.from_beginning = o.from_beginning;
  j.consumer.connect_timeout_ms = static_cast<int>(ms(o.timeout));
  for (const auto& kv : o.kafka_properties) j.consumer.overrides.push_back(kv);
  j.until_end = o.until_end;
  j.dlq_topic = o.dead_letter_topic;
  j.summary = false;  // a library prints nothing on its own
  j.processor.window = {.window_ms = ms(o.window), .slide_ms = ms(o.slide), .top_n = o.top_n};
  if (auto why = window::validate(j.processor.window); !why.empty()) {
    throw PipelineError("window/slide/top_n: " + why);
  }
  j.processor.lateness_ms = ms(o.lateness);
  j.processor.idle_timeout_ms = ms(o.idle_timeout);
  j.processor.guards.max_future_ms = ms(o.max_future);
  j.processor.framing = o.raw_values ? avro::Framing::kRaw : avro::Framing::kSingleObject;
  j.checkpoint.interval_ms = ms(o.checkpoint_interval);
  j.checkpoint.state_dir = o.state_dir;
  // Results go to the callbacks only; the state topic is the binary's (--state-topic).
  j.results_topic.clear();
  j.state_topic.clear();
  return j;
}

Pipeline::Pipeline(PipelineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->job = to_job_options(options);
  impl_->options = std::move(options);
}

Pipeline::~Pipeline() = default;
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;

void Pipeline::on_window(std::function<void(const WindowResult&)> callback) {
  impl_->window_callbacks.push_back(std::move(callback));
}

void Pipeline::on_record(std::function<void(const RecordView&)> callback) {
  impl_->record_callbacks.push_back(std::move(callback));
}

void Pipeline::add_aggregation(detail::AggregationSpec spec) {
  for (const auto& a : impl_->aggregations) {
    if (a->name() == spec.name) throw PipelineError("two aggregations named " + spec.name);
  }
  impl_->aggregations.push_back(std::make_unique<AggregationWindows>(std::move(spec)));
}

const PipelineOptions& Pipeline::options() const {
  return impl_->options;
}

void Pipeline::request_stop() {
  request_shutdown();
}

void Pipeline::run() {
  if (impl_->ran) throw PipelineError("a pipeline runs once");
  impl_->ran = true;
  install_shutdown_handlers();
  job::JobHooks hooks = impl_->hooks;
  if (!impl_->record_callbacks.empty()) {
    hooks.on_event = [inner = std::move(hooks.on_event), &callbacks = impl_->record_callbacks](
                         const TimedEvent& e, int32_t partition, int64_t offset) {
      if (inner) inner(e, partition, offset);
      const RecordView view = record_view(e, partition, offset);
      for (const auto& callback : callbacks) callback(view);
    };
  }
  for (const auto& a : impl_->aggregations) hooks.user_windows.push_back(a.get());
  CallbackSink sink(impl_->window_callbacks);
  if (auto st = job::run_top_destinations(impl_->job, sink, std::move(hooks)); !st) {
    throw PipelineError(st.message());
  }
}

const char* version() {
  return CLICKLOG_VERSION_STRING;
}

namespace detail {

Pipeline PipelineAccess::from_job_options(const job::JobOptions& options, job::JobHooks hooks) {
  Pipeline pipeline(PipelineOptions{});
  pipeline.impl_->job = options;
  pipeline.impl_->hooks = std::move(hooks);
  return pipeline;
}

}  // namespace detail
}  // namespace clicklog
