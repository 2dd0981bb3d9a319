#include "cql/protocol/server_error.h"

#include <fmt/format.h>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/consistency.h"

namespace clicklog::cql::protocol {

const char* error_code_name(int32_t code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kServerError:
      return "Server_error";
    case ErrorCode::kProtocolError:
      return "Protocol_error";
    case ErrorCode::kBadCredentials:
      return "Authentication_error";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kOverloaded:
      return "Overloaded";
    case ErrorCode::kIsBootstrapping:
      return "Is_bootstrapping";
    case ErrorCode::kTruncateError:
      return "Truncate_error";
    case ErrorCode::kWriteTimeout:
      return "Write_timeout";
    case ErrorCode::kReadTimeout:
      return "Read_timeout";
    case ErrorCode::kReadFailure:
      return "Read_failure";
    case ErrorCode::kFunctionFailure:
      return "Function_failure";
    case ErrorCode::kWriteFailure:
      return "Write_failure";
    case ErrorCode::kSyntaxError:
      return "Syntax_error";
    case ErrorCode::kUnauthorized:
      return "Unauthorized";
    case ErrorCode::kInvalid:
      return "Invalid";
    case ErrorCode::kConfigError:
      return "Config_error";
    case ErrorCode::kAlreadyExists:
      return "Already_exists";
    case ErrorCode::kUnprepared:
      return "Unprepared";
  }
  return "Unknown";
}

Result<ServerError> decode_error(std::string_view body) {
  BytesReader r(body);
  ServerError e;
  e.code = r.i32("error code");
  e.message = std::string(r.string("error message"));
  switch (static_cast<ErrorCode>(e.code)) {
    case ErrorCode::kUnavailable:
      e.consistency = r.u16("unavailable consistency");
      e.required = r.i32("unavailable required");
      e.received = r.i32("unavailable alive");
      break;
    case ErrorCode::kWriteTimeout:
      e.consistency = r.u16("write timeout consistency");
      e.received = r.i32("write timeout received");
      e.required = r.i32("write timeout blockfor");
      e.write_type = std::string(r.string("write timeout write type"));
      break;
    case ErrorCode::kReadTimeout:
      e.consistency = r.u16("read timeout consistency");
      e.received = r.i32("read timeout received");
      e.required = r.i32("read timeout blockfor");
      e.data_present = r.u8("read timeout data_present") != 0;
      break;
    case ErrorCode::kReadFailure:
      e.consistency = r.u16("read failure consistency");
      e.received = r.i32("read failure received");
      e.required = r.i32("read failure blockfor");
      e.num_failures = r.i32("read failure numfailures");
      e.data_present = r.u8("read failure data_present") != 0;
      break;
    case ErrorCode::kWriteFailure:
      e.consistency = r.u16("write failure consistency");
      e.received = r.i32("write failure received");
      e.required = r.i32("write failure blockfor");
      e.num_failures = r.i32("write failure numfailures");
      e.write_type = std::string(r.string("write failure write type"));
      break;
    case ErrorCode::kFunctionFailure:
      e.keyspace = std::string(r.string("function keyspace"));
      e.function = std::string(r.string("function name"));
      e.arg_types = r.string_list("function arg types");
      break;
    case ErrorCode::kAlreadyExists:
      e.keyspace = std::string(r.string("already exists keyspace"));
      e.table = std::string(r.string("already exists table"));
      break;
    case ErrorCode::kUnprepared:
      e.unprepared_id = std::string(r.short_bytes("unprepared id"));
      break;
    default:
      break;
  }
  if (!r.ok()) return Error{"ERROR body: " + r.error().message};
  return e;
}

std::string describe(const ServerError& e) {
  std::string out = fmt::format("{} (0x{:04x}): {}", error_code_name(e.code), e.code, e.message);
  auto cl = [&] {
    return is_known_consistency(e.consistency)
               ? std::string(consistency_name(static_cast<Consistency>(e.consistency)))
               : fmt::format("0x{:04x}", e.consistency);
  };
  switch (static_cast<ErrorCode>(e.code)) {
    case ErrorCode::kUnavailable:
      out += fmt::format(" [consistency {}, required {}, alive {}]", cl(), e.required, e.received);
      break;
    case ErrorCode::kWriteTimeout:
      out += fmt::format(" [consistency {}, received {} of {}, write type {}]", cl(), e.received,
                         e.required, e.write_type);
      break;
    case ErrorCode::kReadTimeout:
      out += fmt::format(" [consistency {}, received {} of {}, data {}]", cl(), e.received,
                         e.required, e.data_present ? "present" : "absent");
      break;
    case ErrorCode::kReadFailure:
    case ErrorCode::kWriteFailure:
      out += fmt::format(" [consistency {}, received {} of {}, {} failed]", cl(), e.received,
                         e.required, e.num_failures);
      break;
    case ErrorCode::kAlreadyExists:
      out += e.table.empty() ? fmt::format(" [keyspace {}]", e.keyspace)
                             : fmt::format(" [table {}.{}]", e.keyspace, e.table);
      break;
    case ErrorCode::kFunctionFailure:
      out += fmt::format(" [function {}.{}]", e.keyspace, e.function);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace clicklog::cql::protocol
