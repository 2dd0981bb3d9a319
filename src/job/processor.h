// Processor: what the streaming job does with each Kafka record, without Kafka: decode and time
// it, feed searches to the window engine and watermarks, report bad records, and emit windows
// as the watermark passes them. Owned by the job's consumer thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "avro/codec.h"
#include "event/classify.h"
#include "window/top_destinations.h"
#include "window/watermark_tracker.h"

namespace clicklog::job {

struct ProcessorOptions {
  window::Config window;
  int64_t lateness_ms = 10'000;
  int64_t idle_timeout_ms = 30'000;
  avro::Framing framing = avro::Framing::kSingleObject;
};

// Called for every well-formed, timed record (the store hooks in here).
using EventObserver =
    std::function<void(const TimedEvent& event, int32_t partition, int64_t offset)>;

class Processor {
 public:
  explicit Processor(const ProcessorOptions& options);

  void set_observer(EventObserver observer) { observer_ = std::move(observer); }

  void assign(const std::vector<int32_t>& partitions, int64_t now_ms);
  void revoke(const std::vector<int32_t>& partitions);
  void finish(int32_t partition) { watermarks_.finish(partition); }

  // One record's value. nullopt when used; else the bad-record reason (CONTRACT.md section 5).
  std::optional<std::string_view> process(int32_t partition, int64_t offset,
                                          std::span<const uint8_t> value, int64_t now_ms);

  // Appends every window the watermark has passed.
  void advance(int64_t now_ms, std::vector<window::WindowResult>& out);
  // Appends every remaining window holding data.
  void flush(std::vector<window::WindowResult>& out);

  std::optional<int64_t> watermark(int64_t now_ms) const { return watermarks_.watermark(now_ms); }
  const window::TopDestinations& engine() const { return engine_; }
  const window::WatermarkTracker& watermarks() const { return watermarks_; }

  // Replaces the window and watermark state with a checkpoint's (both or neither).
  Status restore(std::string_view engine, std::string_view watermarks);

 private:
  ProcessorOptions options_;
  window::TopDestinations engine_;
  window::WatermarkTracker watermarks_;
  EventObserver observer_;
  TimedEvent scratch_;
};

}  // namespace clicklog::job
