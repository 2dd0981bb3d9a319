// Avro ClickLog decode/encode: the fast codec (avro/codec.h) against avro-c's generic values
// (avro/generic_codec.h), raw bodies and single-object framing. One iteration = one record, so
// the Time column is ns per record.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "avro/codec.h"
#include "avro/generic_codec.h"
#include "common/time_format.h"
#include "event/classify.h"
#include "event/event_time.h"

namespace {

using namespace clicklog;
using namespace clicklog::avro;

constexpr size_t kEvents = 4096;

// Events shaped like the produce command's: mostly searches, some filters and clicks.
const std::vector<ClickLog>& events() {
  static const std::vector<ClickLog> all = [] {
    const char* destinations[] = {"paris",     "london", "new-york", "tokyo",
                                  "barcelona", "rome",   "berlin",   "amsterdam",
                                  "lisbon",    "prague", "vienna",   "dubai"};
    std::mt19937_64 rng(42);
    std::vector<ClickLog> out;
    for (size_t i = 0; i < kEvents; ++i) {
      ClickLog e;
      e.user_id = static_cast<int64_t>(rng() % 100000);
      e.time = "2026-11-27T23:" + std::to_string(10 + i % 50) + ":43." +
               std::to_string(100 + i % 900) + "Z";
      uint64_t kind = rng() % 10;
      e.action = kind < 6 ? "search" : kind < 8 ? "filter" : "click";
      e.destination = destinations[rng() % std::size(destinations)];
      if (*e.action == "click") e.hotel = "h-" + std::to_string(rng() % 5000);
      out.push_back(std::move(e));
    }
    return out;
  }();
  return all;
}

std::vector<std::string> encoded(Framing framing) {
  std::vector<std::string> out;
  for (const ClickLog& e : events()) {
    std::string bytes;
    encode(e, framing, bytes);
    out.push_back(std::move(bytes));
  }
  return out;
}

std::span<const uint8_t> span_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Framing framing_arg(const benchmark::State& state) {
  return state.range(0) == 0 ? Framing::kRaw : Framing::kSingleObject;
}

void label(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "raw" : "single-object");
  state.SetItemsProcessed(state.iterations());
}

void BM_DecodeFast(benchmark::State& state) {
  const auto inputs = encoded(framing_arg(state));
  size_t total = 0;
  for (const auto& bytes : inputs) total += bytes.size();
  state.counters["bytes_per_record"] = static_cast<double>(total) / kEvents;
  size_t i = 0;
  ClickLogView view;
  for (auto _ : state) {
    auto error = decode(span_of(inputs[i++ % kEvents]), framing_arg(state), view);
    benchmark::DoNotOptimize(error);
    benchmark::DoNotOptimize(view);
  }
  label(state);
}

// The fast path when the caller needs owned strings, like the generic codec always returns.
void BM_DecodeFastOwned(benchmark::State& state) {
  const auto inputs = encoded(framing_arg(state));
  size_t i = 0;
  ClickLogView view;
  for (auto _ : state) {
    auto error = decode(span_of(inputs[i++ % kEvents]), framing_arg(state), view);
    ClickLog owned = view.to_owned();
    benchmark::DoNotOptimize(error);
    benchmark::DoNotOptimize(owned);
  }
  label(state);
}

void BM_DecodeGeneric(benchmark::State& state) {
  const auto inputs = encoded(framing_arg(state));
  auto codec = GenericCodec::create();
  if (!codec) return state.SkipWithError(codec.error().message.c_str());
  size_t i = 0;
  for (auto _ : state) {
    auto event = codec->decode(span_of(inputs[i++ % kEvents]), framing_arg(state));
    benchmark::DoNotOptimize(event);
  }
  label(state);
}

void BM_EncodeFast(benchmark::State& state) {
  size_t i = 0;
  std::string out;
  for (auto _ : state) {
    out.clear();  // reuse the buffer, as a producer filling one record at a time would
    encode(events()[i++ % kEvents], framing_arg(state), out);
    benchmark::DoNotOptimize(out);
  }
  label(state);
}

void BM_EncodeGeneric(benchmark::State& state) {
  auto codec = GenericCodec::create();
  if (!codec) return state.SkipWithError(codec.error().message.c_str());
  size_t i = 0;
  for (auto _ : state) {
    auto out = codec->encode(events()[i++ % kEvents], framing_arg(state));
    benchmark::DoNotOptimize(out);
  }
  label(state);
}

// Times as one partition carries them: in order, 15 ms apart, a new minute every 4,000.
std::vector<std::string> times_in_order() {
  std::vector<std::string> times;
  const int64_t start = *parse_event_time("2026-11-27T23:10:00Z");
  for (int64_t i = 0; i < static_cast<int64_t>(kEvents); ++i) {
    times.push_back(format_rfc3339_utc_ms(start + 15 * i));
  }
  return times;
}

// events() with times_in_order() as their times.
std::vector<std::string> encoded_in_time_order() {
  const auto times = times_in_order();
  std::vector<std::string> out;
  for (size_t i = 0; i < kEvents; ++i) {
    ClickLog e = events()[i];
    e.time = times[i];
    encode(e, Framing::kSingleObject, out.emplace_back());
  }
  return out;
}

// The time field alone, in time order: parse_event_time, then EventTimeParser, which reads a
// time's date, hour and minute only when they differ from the time before.
void BM_ParseEventTime(benchmark::State& state) {
  const auto times = times_in_order();
  const bool remembers = state.range(0) == 1;
  EventTimeParser parser;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(remembers ? parser.parse(times[i]) : parse_event_time(times[i]));
    if (++i == times.size()) i = 0;
  }
  state.SetLabel(remembers ? "EventTimeParser" : "parse_event_time");
  state.SetItemsProcessed(state.iterations());
}

// The job's classification of a record: decode and time it (the baseline), then also the
// guards of issue 14 (future time against the wall clock, field lengths). Arg 0: a new minute
// in every record (the time parser's worst case); 1: in time order, as a partition carries them.
void BM_DecodeTimed(benchmark::State& state) {
  const auto inputs =
      state.range(0) == 0 ? encoded(Framing::kSingleObject) : encoded_in_time_order();
  TimedEvent out;
  EventTimeParser times;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decode_timed(span_of(inputs[i]), Framing::kSingleObject, out, times));
    if (++i == inputs.size()) i = 0;
  }
  state.SetLabel(state.range(0) == 0 ? "a new minute every record" : "in time order");
  state.SetItemsProcessed(state.iterations());
}

void BM_ClassifyWithGuards(benchmark::State& state) {
  const auto inputs = encoded(Framing::kSingleObject);
  const int64_t now = *parse_event_time("2026-11-28T00:00:00Z");
  TimedEvent out;
  EventTimeParser times;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        classify(span_of(inputs[i]), Framing::kSingleObject, RecordGuards{}, now, out, times));
    if (++i == inputs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ParseEventTime)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeTimed)->Arg(0)->Arg(1);
BENCHMARK(BM_ClassifyWithGuards);
BENCHMARK(BM_DecodeFast)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeFastOwned)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeGeneric)->Arg(0)->Arg(1);
BENCHMARK(BM_EncodeFast)->Arg(0)->Arg(1);
BENCHMARK(BM_EncodeGeneric)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
