// Batch: statements sent as one BATCH request, by default unlogged (atomic per partition only,
// no batch log): the cheap way to write many rows of one partition, or a handful of rows in
// one round trip.
//
//   Batch b;
//   for (auto& click : clicks) b.add(insert, {click.user, click.day, click.hotel});
//   auto done = session.batch(b, {.idempotent = true});
#pragma once

#include <string>
#include <vector>

#include "cql/prepared_statement.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/value.h"

namespace clicklog::cql {

using protocol::BatchType;

struct BatchItem {
  Prepared prepared;  // or, when null, the CQL text below
  std::string cql;
  std::vector<Value> values;
};

class Batch {
 public:
  explicit Batch(BatchType type = BatchType::kUnlogged) : type_(type) {}

  Batch& add(Prepared statement, std::vector<Value> values) {
    items_.push_back({std::move(statement), {}, std::move(values)});
    return *this;
  }
  Batch& add(std::string cql, std::vector<Value> values = {}) {
    items_.push_back({nullptr, std::move(cql), std::move(values)});
    return *this;
  }

  BatchType type() const { return type_; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<BatchItem>& items() const { return items_; }
  void clear() { items_.clear(); }

 private:
  BatchType type_;
  std::vector<BatchItem> items_;
};

}  // namespace clicklog::cql
