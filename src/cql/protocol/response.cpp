#include "cql/protocol/response.h"

#include <fmt/format.h>

#include "cql/protocol/bytes_reader.h"

namespace clicklog::cql::protocol {

namespace {

template <class T>
Result<ResponseBody> done(BytesReader& r, T value, const char* what) {
  if (!r.ok()) return Error{fmt::format("{}: {}", what, r.error().message)};
  return ResponseBody{std::move(value)};
}

std::optional<std::string> optional_bytes(BytesReader& r, const char* what) {
  auto b = r.bytes(what);
  if (!b) return std::nullopt;
  return std::string(*b);
}

}  // namespace

Result<Response> decode_response(const FrameHeader& header, std::string body) {
  if (header.flags & kFlagCompression) {
    return Error{"compressed frame received, but no compression was negotiated"};
  }
  Response out{.body = ReadyResponse{}};
  BytesReader r(body);
  if (header.flags & kFlagTracing) out.tracing_id = std::string(r.raw(16, "tracing id"));
  if (header.flags & kFlagWarning) out.warnings = r.string_list("warnings");
  if (header.flags & kFlagCustomPayload) {
    uint16_t n = r.u16("custom payload size");
    for (uint16_t i = 0; i < n && r.ok(); ++i) {
      r.string("custom payload key");
      r.bytes("custom payload value");
    }
  }
  if (!r.ok())
    return Error{fmt::format("{} frame: {}", opcode_name(header.opcode), r.error().message)};

  Result<ResponseBody> decoded = Error{""};
  switch (header.opcode) {
    case Opcode::kError: {
      auto e = decode_error(r.rest());
      if (!e) return e.error();
      decoded = ResponseBody{std::move(*e)};
      break;
    }
    case Opcode::kReady:
      decoded = ResponseBody{ReadyResponse{}};
      break;
    case Opcode::kAuthenticate:
      decoded =
          done(r, AuthenticateResponse{std::string(r.string("authenticator"))}, "AUTHENTICATE");
      break;
    case Opcode::kSupported:
      decoded = done(r, SupportedResponse{r.string_multimap("supported options")}, "SUPPORTED");
      break;
    case Opcode::kResult: {
      auto result = decode_result(std::move(body), r.offset());
      if (!result) return result.error();
      decoded = ResponseBody{std::move(*result)};
      break;
    }
    case Opcode::kAuthChallenge:
      decoded =
          done(r, AuthChallengeResponse{optional_bytes(r, "challenge token")}, "AUTH_CHALLENGE");
      break;
    case Opcode::kAuthSuccess:
      decoded = done(r, AuthSuccessResponse{optional_bytes(r, "success token")}, "AUTH_SUCCESS");
      break;
    case Opcode::kEvent:
      decoded = done(r, EventResponse{std::string(r.string("event type"))}, "EVENT");
      break;
    default:
      return Error{fmt::format("opcode {} is not a response", opcode_name(header.opcode))};
  }
  if (!decoded) return decoded.error();
  out.body = std::move(*decoded);
  return out;
}

}  // namespace clicklog::cql::protocol
