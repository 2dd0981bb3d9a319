// What a caller can say about one statement: consistency, paging, idempotence (which allows
// retries on another node after a timeout), timeout, client-side timestamp.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "cql/protocol/consistency.h"

namespace clicklog::cql {

using protocol::Consistency;

struct QueryOptions {
  std::optional<Consistency> consistency;  // the session default when unset
  // Rows per page; 0 takes the session default, negative turns paging off.
  int32_t page_size = 0;
  std::optional<std::string> paging_state;  // from ResultSet::paging_state(), to resume
  // Safe to run twice (plain INSERT/UPDATE of fixed values, SELECT): allows retrying on the next
  // node after a timeout or a lost connection. Never set it for counter updates or appends.
  bool idempotent = false;
  // How long one node may take to answer one send (a retry on another node gets it afresh);
  // the session default when unset.
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<int64_t> timestamp_us;  // write timestamp, microseconds
  std::optional<Consistency> serial_consistency;
};

}  // namespace clicklog::cql
