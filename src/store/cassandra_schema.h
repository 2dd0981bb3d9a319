// The Cassandra tables of the store, as CQL text (keyspace quoted by the caller's choice):
//   clicks                ((day, bucket), user_id, event_time, kafka_partition, kafka_offset) ->
//   hotel second_hotel_live     (day, user_id) -> hotel    the streaming job's answer
//   second_hotel_results  (day, user_id) -> hotel    the daily query's answer
// One day of clicks is kBuckets partitions, bucket = click_bucket(user_id), so the daily query
// reads them as kBuckets parallel slices, and each user's clicks come clustered in the
// contract's order. With ttl_days the clicks and live rows expire after that many days and are
// compacted in daily windows (TimeWindowCompactionStrategy).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clicklog::store::cassandra {

inline constexpr int kBuckets = 32;

// Fibonacci hashing: the top 5 bits of user_id * 0x9E3779B97F4A7C15 (mod 2^64). Stable: it is
// part of the stored layout.
inline int32_t click_bucket(int64_t user_id) {
  return static_cast<int32_t>((static_cast<uint64_t>(user_id) * 0x9E3779B97F4A7C15ULL) >> 59);
}
static_assert(kBuckets == 32, "click_bucket keeps 5 bits");

struct SchemaOptions {
  std::string keyspace;     // unquoted
  std::string replication;  // a CQL map literal
  std::optional<int> ttl_days;
};

std::string qualified(const std::string& keyspace, const std::string& table);

// CREATE ... IF NOT EXISTS statements for the job (keyspace, clicks, live, results).
std::vector<std::string> create_statements(const SchemaOptions& o);
// ALTER TABLE statements that apply ttl_days to tables that already exist.
std::vector<std::string> retention_statements(const SchemaOptions& o);

}  // namespace clicklog::store::cassandra
