// The embedded store (`rocksdb:PATH`): two RocksDB databases under PATH.
//   PATH/clicks   clicks and the streaming answer; written by `clicklog run` (the primary).
//   PATH/results  the daily answers; written by `clicklog second-hotel`.
// The daily query opens PATH/clicks as a RocksDB secondary instance, so it can read while a
// running job holds the primary's lock. Key layout in rocksdb_keys.h. Durability: save() writes
// one WriteBatch through the WAL, flush() syncs the WAL.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace clicklog::store {

Result<std::unique_ptr<Store>> open_rocksdb_store(const std::string& uri, const std::string& path,
                                                  Role role);

}  // namespace clicklog::store
