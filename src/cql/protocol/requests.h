// One body encoder per request opcode (STARTUP, AUTH_RESPONSE, OPTIONS, QUERY, PREPARE,
// EXECUTE, BATCH, REGISTER). Each returns the frame body only: the connection owns stream ids
// and adds the header with frame.h's encode_request().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/protocol/consistency.h"
#include "cql/protocol/value.h"

namespace clicklog::cql::protocol {

// <query_parameters> of QUERY and EXECUTE.
struct QueryParameters {
  Consistency consistency = Consistency::kLocalOne;
  std::vector<EncodedValue> values;
  bool skip_metadata = false;
  int32_t page_size = 0;  // <= 0: no paging
  std::optional<std::string> paging_state;
  std::optional<Consistency> serial_consistency;
  std::optional<int64_t> default_timestamp_us;
};

enum class BatchType : uint8_t { kLogged = 0, kUnlogged = 1, kCounter = 2 };

struct BatchEntry {
  bool is_prepared = false;
  std::string query_or_id;  // CQL text, or the prepared id when is_prepared
  std::vector<EncodedValue> values;
};

struct BatchParameters {
  BatchType type = BatchType::kUnlogged;
  Consistency consistency = Consistency::kLocalOne;
  std::optional<Consistency> serial_consistency;
  std::optional<int64_t> default_timestamp_us;
};

// STARTUP with CQL_VERSION 3.0.0 plus `extra` options (DRIVER_NAME, ...).
std::string encode_startup(const std::map<std::string, std::string>& extra = {});
inline std::string encode_options() {
  return {};
}
std::string encode_auth_response(std::string_view token);
// The SASL PLAIN token PasswordAuthenticator expects: "\0user\0password".
std::string plain_auth_token(std::string_view user, std::string_view password);
std::string encode_register(const std::vector<std::string>& event_types);

Result<std::string> encode_query(std::string_view cql, const QueryParameters& params);
Result<std::string> encode_prepare(std::string_view cql);
Result<std::string> encode_execute(std::string_view prepared_id, const QueryParameters& params);
Result<std::string> encode_batch(const std::vector<BatchEntry>& entries,
                                 const BatchParameters& params);

}  // namespace clicklog::cql::protocol
