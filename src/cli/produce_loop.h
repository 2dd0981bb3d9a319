// The sending loop of `clicklog produce` (also run by `clicklog demo` on its own thread):
// generate, encode, send with pacing, show progress, flush. Stops at the count, the duration,
// or a shutdown request.
#pragma once

#include <cstdint>
#include <string>

#include "avro/codec.h"
#include "cli/common_flags.h"
#include "common/result.h"
#include "generator/config.h"
#include "kafka/producer.h"

namespace clicklog::cli {

struct ProduceFlags {
  KafkaFlags kafka;
  int64_t count = 0;
  double rate = 0;
  std::string duration;
  uint64_t seed = 1;
  int64_t users = 100'000;
  int destinations = 500;
  std::string start;
  int64_t event_interval_ms = 0;
  std::string value_format = "single-object";
  int64_t bad_every = 0;
  std::string progress;
};

struct ProduceOptions {
  std::string topic = "clicklog";
  int64_t count = 0;        // 0: unbounded
  double rate = 0;          // events/s, 0: unpaced
  int64_t duration_ms = 0;  // 0: no limit
  generator::Config generator;
  avro::Framing framing = avro::Framing::kSingleObject;
  int64_t bad_every = 0;
  bool progress = false;
  bool summary = true;
};

// Interprets the flags; throws UsageError for values that make no sense.
ProduceOptions to_produce_options(const ProduceFlags& flags);

struct ProduceStats {
  int64_t sent = 0;
  double seconds = 0;
};

Result<ProduceStats> produce_events(kafka::Producer& producer, const ProduceOptions& options);

}  // namespace clicklog::cli
