// Store: where `clicklog run --store` saves the clicks the second-distinct-hotel query
// considers, and where `clicklog second-hotel` reads a day of them back and writes the day's
// answer. Two back ends, chosen by URI (CONTRACT.md section 4): `rocksdb:PATH` (embedded) and
// `cassandra://HOST[:PORT][,HOST...]/KEYSPACE[?replication=N&ttl_days=N]`.
//
// Saving is idempotent: a click's key holds its Kafka partition and offset, so a replayed
// record overwrites its own row. save() may return before the rows are durable; flush() is the
// durable point (the job commits Kafka offsets only after it). One thread saves; scan_day may
// deliver slices on several threads of its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "hotel/answer.h"
#include "hotel/sorted_reducer.h"

namespace clicklog::store {

using hotel::StoredClick;
using hotel::UserHotel;

// One user's streaming answer on one day (the live table).
struct LiveRow {
  int32_t day = 0;  // days since 1970-01-01 (UTC)
  int64_t user_id = 0;
  std::string_view hotel;
};

// Receives a day's clicks, split into slices: every click of a user lies in one slice, and a
// slice arrives sorted by (user, event time, partition, offset). Calls for one slice never
// overlap and come in order; calls for different slices may run at the same time.
class DaySink {
 public:
  virtual ~DaySink() = default;
  virtual void on_clicks(size_t slice, std::span<const StoredClick> clicks) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // The URI it was opened with, for messages.
  virtual const std::string& describe() const = 0;

  // Writes clicks (their day is the UTC date of time_ms) and live answers.
  virtual Status save(std::span<const StoredClick> clicks, std::span<const LiveRow> live) = 0;
  // Everything saved before is durable once this returns ok.
  virtual Status flush() = 0;

  virtual size_t day_slices() const = 0;
  virtual Status scan_day(int32_t day, DaySink& sink) = 0;

  // Replaces the day's results with `rows` (by increasing user id).
  virtual Status write_results(int32_t day, const std::vector<UserHotel>& rows) = 0;
  virtual Result<std::vector<UserHotel>> read_results(int32_t day) = 0;
  // The streaming job's answer for the day, as last saved with its clicks.
  virtual Result<std::vector<UserHotel>> read_live(int32_t day) = 0;
};

// Who opens the store: the streaming job writes clicks (and creates what is missing); the
// daily query reads clicks, which must already be there, and writes results; a look-up only
// reads clicks, beside both (a RocksDB store then leaves the results alone, so a look-up
// never holds the lock the daily query needs).
enum class Role { kIngest, kQuery, kLookup };

struct StoreOptions {
  Role role = Role::kIngest;
  // How long to try reaching a remote store when opening it.
  std::chrono::milliseconds connect_timeout{10'000};
};

Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options);

}  // namespace clicklog::store
