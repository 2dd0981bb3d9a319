// The physical limit for `clicklog run` benchmarks: a bare librdkafka group consumer with the
// same settings that only reads a topic up to the end offsets seen at start, touching each
// payload byte once. Prints records, bytes and the rate from first record to last on stdout.
//   bare_consumer BROKERS TOPIC [GROUP]
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "kafka/consumer.h"

int main(int argc, char** argv) {
  using namespace clicklog;
  if (argc < 3) {
    std::fprintf(stderr, "usage: bare_consumer BROKERS TOPIC [GROUP]\n");
    return 2;
  }
  kafka::ConsumerOptions o;
  o.brokers = argv[1];
  o.topic = argv[2];
  o.group = argc > 3 ? argv[3] : "bare-consumer-" + std::to_string(::getpid());
  o.from_beginning = true;
  auto consumer = kafka::Consumer::create(o);
  if (!consumer) {
    std::fprintf(stderr, "bare_consumer: %s\n", consumer.error().message.c_str());
    return 1;
  }
  auto ends = consumer->end_offsets(10'000);
  if (!ends) {
    std::fprintf(stderr, "bare_consumer: %s\n", ends.error().message.c_str());
    return 1;
  }
  std::map<int32_t, bool> done;
  for (const auto& [p, end] : *ends) done[p] = end == 0;
  const auto all_done = [&] {
    for (const auto& [p, d] : done)
      if (!d) return false;
    return true;
  };
  kafka::ConsumedBatch batch;
  int64_t records = 0, bytes = 0;
  uint64_t checksum = 0;
  std::chrono::steady_clock::time_point first{}, last{};
  while (!all_done()) {
    batch.clear();
    consumer->poll_batch(batch, 10'000, 100);
    for (const auto& m : batch.items()) {
      if (m.kind == kafka::Consumed::Kind::kPartitionEnd) {
        if (m.offset >= (*ends)[m.partition]) done[m.partition] = true;
        continue;
      }
      if (m.kind != kafka::Consumed::Kind::kRecord) continue;
      if (records == 0) first = std::chrono::steady_clock::now();
      ++records;
      bytes += static_cast<int64_t>(m.value.size());
      for (const char c : m.value) checksum += static_cast<unsigned char>(c);
      if (m.offset + 1 >= (*ends)[m.partition]) done[m.partition] = true;
    }
    if (records) last = std::chrono::steady_clock::now();
  }
  batch.clear();
  const double secs = std::chrono::duration<double>(last - first).count();
  std::printf("records=%lld bytes=%lld seconds=%.3f rate=%.0f checksum=%llu\n",
              static_cast<long long>(records), static_cast<long long>(bytes), secs,
              secs > 0 ? static_cast<double>(records) / secs : 0.0,
              static_cast<unsigned long long>(checksum));
  return 0;
}
