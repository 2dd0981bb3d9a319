// Decodes a whole response frame body by opcode: strips the tracing id, warnings and custom
// payload that header flags announce, then decodes ERROR, READY, AUTHENTICATE, SUPPORTED,
// RESULT, AUTH_CHALLENGE, AUTH_SUCCESS or EVENT. Anything malformed is an Error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/result_message.h"
#include "cql/protocol/server_error.h"

namespace clicklog::cql::protocol {

struct ReadyResponse {};
struct AuthenticateResponse {
  std::string authenticator;  // e.g. org.apache.cassandra.auth.PasswordAuthenticator
};
struct SupportedResponse {
  std::map<std::string, std::vector<std::string>> options;
};
struct AuthChallengeResponse {
  std::optional<std::string> token;
};
struct AuthSuccessResponse {
  std::optional<std::string> token;
};
// Server pushes; the client registers for none, so only the type is kept.
struct EventResponse {
  std::string type;
};

using ResponseBody =
    std::variant<ServerError, ReadyResponse, AuthenticateResponse, SupportedResponse, ResultMessage,
                 AuthChallengeResponse, AuthSuccessResponse, EventResponse>;

struct Response {
  std::optional<std::string> tracing_id;  // 16 raw bytes
  std::vector<std::string> warnings;
  ResponseBody body;
};

Result<Response> decode_response(const FrameHeader& header, std::string body);

}  // namespace clicklog::cql::protocol
