#include "cql/protocol/frame.h"

#include <fmt/format.h>

#include "cql/protocol/bytes_reader.h"
#include "cql/protocol/bytes_writer.h"

namespace clicklog::cql::protocol {

const char* opcode_name(Opcode op) {
  switch (op) {
    case Opcode::kError:
      return "ERROR";
    case Opcode::kStartup:
      return "STARTUP";
    case Opcode::kReady:
      return "READY";
    case Opcode::kAuthenticate:
      return "AUTHENTICATE";
    case Opcode::kOptions:
      return "OPTIONS";
    case Opcode::kSupported:
      return "SUPPORTED";
    case Opcode::kQuery:
      return "QUERY";
    case Opcode::kResult:
      return "RESULT";
    case Opcode::kPrepare:
      return "PREPARE";
    case Opcode::kExecute:
      return "EXECUTE";
    case Opcode::kRegister:
      return "REGISTER";
    case Opcode::kEvent:
      return "EVENT";
    case Opcode::kBatch:
      return "BATCH";
    case Opcode::kAuthChallenge:
      return "AUTH_CHALLENGE";
    case Opcode::kAuthResponse:
      return "AUTH_RESPONSE";
    case Opcode::kAuthSuccess:
      return "AUTH_SUCCESS";
  }
  return "UNKNOWN";
}

namespace {
bool known_opcode(uint8_t op) {
  return op <= 0x10 && op != 0x04;
}
}  // namespace

void encode_header(const FrameHeader& header, std::string& out) {
  BytesWriter w;
  w.u8(header.version);
  w.u8(header.flags);
  w.u16(static_cast<uint16_t>(header.stream));
  w.u8(static_cast<uint8_t>(header.opcode));
  w.i32(header.length);
  out.append(w.data());
}

std::string encode_request(int16_t stream, Opcode opcode, std::string_view body) {
  std::string out;
  out.reserve(kHeaderSize + body.size());
  encode_header({kProtocolVersion, 0, stream, opcode, static_cast<int32_t>(body.size())}, out);
  out.append(body);
  return out;
}

Result<FrameHeader> decode_response_header(std::string_view bytes) {
  BytesReader r(bytes);
  FrameHeader h;
  h.version = r.u8("frame version");
  h.flags = r.u8("frame flags");
  h.stream = static_cast<int16_t>(r.u16("frame stream"));
  uint8_t op = r.u8("frame opcode");
  h.length = r.i32("frame length");
  if (!r.ok()) return r.error();
  if (h.version != (kProtocolVersion | kResponseBit)) {
    return Error{fmt::format("unexpected frame version byte 0x{:02x} (want 0x{:02x})", h.version,
                             kProtocolVersion | kResponseBit)};
  }
  if (!known_opcode(op)) return Error{fmt::format("unknown opcode 0x{:02x}", op)};
  h.opcode = static_cast<Opcode>(op);
  if (h.length < 0 || h.length > kMaxBodyLength) {
    return Error{
        fmt::format("frame body length {} out of range [0, {}]", h.length, kMaxBodyLength)};
  }
  return h;
}

}  // namespace clicklog::cql::protocol
