// The ERROR response: its code, message and the code-specific details of section 9 of the spec
// (Unavailable counts, read/write timeout and failure fields, the id of an UNPREPARED
// statement, the keyspace/table of Already_exists, the function of Function_failure).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace clicklog::cql::protocol {

enum class ErrorCode : int32_t {
  kServerError = 0x0000,
  kProtocolError = 0x000A,
  kBadCredentials = 0x0100,
  kUnavailable = 0x1000,
  kOverloaded = 0x1001,
  kIsBootstrapping = 0x1002,
  kTruncateError = 0x1003,
  kWriteTimeout = 0x1100,
  kReadTimeout = 0x1200,
  kReadFailure = 0x1300,
  kFunctionFailure = 0x1400,
  kWriteFailure = 0x1500,
  kSyntaxError = 0x2000,
  kUnauthorized = 0x2100,
  kInvalid = 0x2200,
  kConfigError = 0x2300,
  kAlreadyExists = 0x2400,
  kUnprepared = 0x2500,
};

// "Unavailable", "Write_timeout", ...; "Unknown" for codes outside the spec.
const char* error_code_name(int32_t code);

struct ServerError {
  int32_t code = 0;
  std::string message;

  // Unavailable, timeouts and failures.
  uint16_t consistency = 0;
  int32_t required = 0;  // Unavailable <required>; timeouts and failures <blockfor>
  int32_t received = 0;  // Unavailable <alive>; timeouts and failures <received>
  int32_t num_failures = 0;
  bool data_present = false;
  std::string write_type;  // Write_timeout, Write_failure

  std::string keyspace;  // Already_exists, Function_failure
  std::string table;     // Already_exists (empty for a keyspace)
  std::string function;  // Function_failure
  std::vector<std::string> arg_types;

  std::string unprepared_id;  // Unprepared

  bool is(ErrorCode c) const { return code == static_cast<int32_t>(c); }
};

// Decodes an ERROR body. Trailing bytes are ignored (the spec reserves them for extensions);
// missing detail fields are an error.
Result<ServerError> decode_error(std::string_view body);

// "Unavailable (0x1000): Cannot achieve consistency level QUORUM [consistency QUORUM,
// required 2, alive 1]".
std::string describe(const ServerError& e);

}  // namespace clicklog::cql::protocol
