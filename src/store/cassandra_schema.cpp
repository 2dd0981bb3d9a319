#include "store/cassandra_schema.h"

#include <fmt/format.h>

#include "cql/cql_text.h"

namespace clicklog::store::cassandra {

namespace {

std::string retention(const SchemaOptions& o) {
  if (!o.ttl_days) return {};
  return fmt::format(
      "default_time_to_live = {} AND compaction = {{'class': 'TimeWindowCompactionStrategy', "
      "'compaction_window_unit': 'DAYS', 'compaction_window_size': 1}}",
      int64_t{*o.ttl_days} * 86'400);
}

}  // namespace

std::string qualified(const std::string& keyspace, const std::string& table) {
  return cql::quote_identifier(keyspace) + "." + table;
}

std::vector<std::string> create_statements(const SchemaOptions& o) {
  const std::string with = o.ttl_days ? " WITH " + retention(o) : "";
  return {
      fmt::format("CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {}",
                  cql::quote_identifier(o.keyspace), o.replication),
      fmt::format("CREATE TABLE IF NOT EXISTS {} (day date, bucket int, user_id bigint, "
                  "event_time timestamp, kafka_partition int, kafka_offset bigint, hotel text, "
                  "PRIMARY KEY ((day, bucket), user_id, event_time, kafka_partition, "
                  "kafka_offset)){}",
                  qualified(o.keyspace, "clicks"), with),
      fmt::format("CREATE TABLE IF NOT EXISTS {} (day date, user_id bigint, hotel text, "
                  "PRIMARY KEY (day, user_id)){}",
                  qualified(o.keyspace, "second_hotel_live"), with),
      fmt::format("CREATE TABLE IF NOT EXISTS {} (day date, user_id bigint, hotel text, "
                  "PRIMARY KEY (day, user_id))",
                  qualified(o.keyspace, "second_hotel_results")),
  };
}

std::vector<std::string> retention_statements(const SchemaOptions& o) {
  if (!o.ttl_days) return {};
  return {
      fmt::format("ALTER TABLE {} WITH {}", qualified(o.keyspace, "clicks"), retention(o)),
      fmt::format("ALTER TABLE {} WITH {}", qualified(o.keyspace, "second_hotel_live"),
                  retention(o)),
  };
}

}  // namespace clicklog::store::cassandra
