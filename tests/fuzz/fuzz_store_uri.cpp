// Fuzzes the store URI parser (store/store_uri.h, --store). Whatever the text: no crash, the
// same answer twice; `rocksdb:PATH` gives PATH back unchanged; an accepted Cassandra URI names
// a keyspace and at least one contact point, and leaves no option to the CQL client unread.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.h"
#include "store/store_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view uri(reinterpret_cast<const char*>(data), size);
  const auto parsed = clicklog::store::parse_store_uri(uri);
  const auto again = clicklog::store::parse_store_uri(uri);
  FUZZ_CHECK(parsed.ok() == again.ok());
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().message.empty());
    return 0;
  }
  if (const auto* rocks = std::get_if<clicklog::store::RocksDbUri>(&parsed.value())) {
    FUZZ_CHECK(uri.rfind("rocksdb:", 0) == 0);
    FUZZ_CHECK(!rocks->path.empty() && rocks->path == uri.substr(8));
    return 0;
  }
  const auto& cassandra = std::get<clicklog::store::CassandraUri>(parsed.value());
  FUZZ_CHECK(uri.rfind("cassandra://", 0) == 0);
  FUZZ_CHECK(!cassandra.keyspace.empty());
  FUZZ_CHECK(!cassandra.cluster.contact_points.empty());
  FUZZ_CHECK(cassandra.cluster.options.empty());
  FUZZ_CHECK(cassandra.cluster.keyspace == cassandra.keyspace);
  if (cassandra.ttl_days) FUZZ_CHECK(*cassandra.ttl_days > 0);
  // Data-centre names reach CQL quoted: the map stays one literal.
  FUZZ_CHECK(cassandra.replication.rfind("{'class': '", 0) == 0);
  FUZZ_CHECK(cassandra.replication.back() == '}');
  return 0;
}
