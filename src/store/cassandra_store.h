// The Cassandra store (`cassandra://...`), on clicklog's own CQL client (src/cql). Tables in
// cassandra_schema.h. save() sends unlogged batches (one partition each) without waiting;
// flush() waits for all of them, so the job's durable point is "every write acknowledged at
// the URI's consistency level" (LOCAL_QUORUM by default). scan_day reads the day's buckets on
// up to 8 threads of its own, page by page.
#pragma once

#include <memory>

#include "store/store.h"
#include "store/store_uri.h"

namespace clicklog::store {

Result<std::unique_ptr<Store>> open_cassandra_store(const std::string& uri,
                                                    const CassandraUri& parsed,
                                                    const StoreOptions& options);

}  // namespace clicklog::store
