// LiveSink: a window sink that also hands each window to the HTTP endpoint's LiveView, so that
// the page and the API show exactly the JSON lines the job emits, the moment it emits them.
#pragma once

#include "http/live_view.h"
#include "job/result_sink.h"

namespace clicklog::cli {

class LiveSink : public job::ResultSink {
 public:
  LiveSink(job::ResultSink& inner, http::LiveView& view) : inner_(inner), view_(view) {}
  void write(const window::WindowResult& result) override {
    inner_.write(result);
    view_.publish(job::to_jsonl(result), counts_of(result));
  }

 private:
  static http::WindowCounts counts_of(const window::WindowResult& result) {
    http::WindowCounts counts{result.start_ms, result.end_ms, {}};
    counts.top.reserve(result.top.size());
    for (const auto& e : result.top) counts.top.emplace_back(e.destination, e.searches);
    return counts;
  }

  job::ResultSink& inner_;
  http::LiveView& view_;
};

}  // namespace clicklog::cli
