// PreparedStatement: a statement the server has parsed, shared by every caller that prepares
// the same text. Its id and bind-marker metadata are replaced, under a lock, when a node answers
// UNPREPARED and the session prepares it again; callers only ever see a consistent snapshot.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "cql/protocol/result_message.h"
#include "cql/protocol/value.h"

namespace clicklog::cql {

class PreparedStatement {
 public:
  struct Snapshot {
    std::string id;
    std::vector<protocol::ColumnSpec> bind_columns;
    std::vector<uint16_t> pk_indexes;
  };

  PreparedStatement(std::string query, const protocol::PreparedResult& prepared);

  const std::string& query() const { return query_; }
  std::shared_ptr<const Snapshot> snapshot() const;
  void update(const protocol::PreparedResult& prepared);

  // Encodes `values` for the bind markers, checking count and types.
  static Result<std::vector<EncodedValue>> bind(const Snapshot& s,
                                                const std::vector<Value>& values);
  // The partition key bytes for token routing, when every key component is bound and not null.
  static std::optional<std::string> routing_key(const Snapshot& s,
                                                const std::vector<EncodedValue>& encoded);

 private:
  const std::string query_;
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
};

using Prepared = std::shared_ptr<PreparedStatement>;

}  // namespace clicklog::cql
