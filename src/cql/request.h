// Request: everything needed to send a QUERY, EXECUTE or BATCH again — to another node after a
// retryable failure, or to the same node after re-preparing — plus its routing token.
// Internal to the session.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "cql/batch.h"
#include "cql/protocol/frame.h"
#include "cql/statement.h"

namespace clicklog::cql {

struct Request {
  enum class Kind { kQuery, kExecute, kBatch };
  Kind kind = Kind::kQuery;
  std::string cql;    // kQuery
  Prepared prepared;  // kExecute
  std::vector<Value> values;
  Batch batch;                   // kBatch
  QueryOptions options;          // resolved: consistency, page size and timeout filled in
  std::optional<int64_t> token;  // partition token for routing, when known

  // Encodes against the statements' current prepared snapshots.
  Result<std::pair<protocol::Opcode, std::string>> encode() const;
  // The statement for error messages: CQL text cut to a readable length.
  std::string describe() const;
  // Prepared statements the request uses (for re-preparing on UNPREPARED).
  std::vector<Prepared> prepared_statements() const;
};

// Fills the routing token from the bound partition key (EXECUTE, or a batch's first prepared
// statement that binds its whole key). A bind error (wrong count or type) is returned here.
Status compute_routing(Request& request);

}  // namespace clicklog::cql
