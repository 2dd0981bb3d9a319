/// @file
/// @brief Pipeline: clicklog's streaming job as a library, with your functions on its windows.
#pragma once

#include <functional>
#include <memory>

#include "clicklog/aggregation.h"
#include "clicklog/options.h"
#include "clicklog/record.h"
#include "clicklog/window_result.h"

namespace clicklog {

namespace detail {
struct PipelineAccess;
}

/// A streaming job on a ClickLog topic: it joins a consumer group, reads the records,
/// dead-letters the bad ones, counts the searches into sliding event-time windows with
/// per-partition watermarks and, when the watermark passes a window's end, ranks its top
/// destinations and hands the result to every on_window callback. With checkpoints a restarted
/// pipeline resumes exactly where its last checkpoint left off: no window is lost, emitted
/// twice or counted differently (docs/reliability.md).
///
/// @code
/// clicklog::Pipeline pipeline({.brokers = "localhost:9092", .until_end = true});
/// pipeline.on_window([](const clicklog::WindowResult& w) { ... });
/// pipeline.run();
/// @endcode
///
/// Callbacks run on the thread that called run(), one at a time, in event-time order.
class Pipeline {
 public:
  /// Checks the options; throws PipelineError when they make no sense (a slide that does not
  /// divide the window, a top_n below 1). Connects to nothing yet.
  explicit Pipeline(PipelineOptions options);
  ~Pipeline();
  Pipeline(Pipeline&&) noexcept;             ///< moves a pipeline that is not running
  Pipeline& operator=(Pipeline&&) noexcept;  ///< moves a pipeline that is not running

  /// Called with every window of the built-in top N, once, when the watermark passes its end.
  void on_window(std::function<void(const WindowResult&)> callback);

  /// Runs your own sliding event-time aggregation beside the built-in top N, with the same
  /// watermarks, lateness, dead-lettering and checkpoints (see Aggregation). Throws
  /// PipelineError when its name is taken or its window and slide do not fit.
  template <Aggregate A>
  void aggregate(Aggregation<A> aggregation) {
    add_aggregation(detail::erase(std::move(aggregation)));
  }

  /// Called with every well-formed, timed record read, before its window is emitted.
  void on_record(std::function<void(const RecordView&)> callback);

  /// Connects, restores the last checkpoint and runs until the end offsets (until_end), until
  /// SIGINT/SIGTERM or request_stop(); then drains, checkpoints and leaves the group. Throws
  /// PipelineError when it cannot start or has to stop. Call it once. An exception thrown by
  /// a callback leaves run() as it came, without a last checkpoint: as after a crash, a
  /// restarted pipeline resumes from the last one.
  void run();

  /// Asks a running pipeline, from any thread or a signal handler, to finish as on SIGTERM.
  /// The request is the process's, as a signal is: a pipeline run after it stops at once.
  static void request_stop();

  /// The options it was made with.
  const PipelineOptions& options() const;

 private:
  friend struct detail::PipelineAccess;
  void add_aggregation(detail::AggregationSpec spec);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clicklog
