#include <fmt/format.h>

#include "store/cassandra_store.h"
#include "store/rocksdb_store.h"
#include "store/store.h"
#include "store/store_uri.h"

namespace clicklog::store {

Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options) {
  auto parsed = parse_store_uri(uri);
  if (!parsed) return parsed.error();
  if (auto* rocks = std::get_if<RocksDbUri>(&*parsed)) {
    return open_rocksdb_store(std::string(uri), rocks->path, options.role);
  }
  return open_cassandra_store(std::string(uri), std::get<CassandraUri>(*parsed), options);
}

}  // namespace clicklog::store
