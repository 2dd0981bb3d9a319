// The v4 frame: a 9-byte header (version, flags, stream, opcode, body length) and a body.
// Encoding a request frame and validating a response header, nothing more: what a body means
// is for requests.h and response.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace clicklog::cql::protocol {

inline constexpr uint8_t kProtocolVersion = 4;
inline constexpr uint8_t kResponseBit = 0x80;
inline constexpr size_t kHeaderSize = 9;
// The spec caps a frame at 256 MB; anything longer is a corrupt or hostile length.
inline constexpr int32_t kMaxBodyLength = 256 * 1024 * 1024;

enum class Opcode : uint8_t {
  kError = 0x00,
  kStartup = 0x01,
  kReady = 0x02,
  kAuthenticate = 0x03,
  kOptions = 0x05,
  kSupported = 0x06,
  kQuery = 0x07,
  kResult = 0x08,
  kPrepare = 0x09,
  kExecute = 0x0A,
  kRegister = 0x0B,
  kEvent = 0x0C,
  kBatch = 0x0D,
  kAuthChallenge = 0x0E,
  kAuthResponse = 0x0F,
  kAuthSuccess = 0x10,
};

const char* opcode_name(Opcode op);

// Header flags.
inline constexpr uint8_t kFlagCompression = 0x01;
inline constexpr uint8_t kFlagTracing = 0x02;
inline constexpr uint8_t kFlagCustomPayload = 0x04;
inline constexpr uint8_t kFlagWarning = 0x08;

struct FrameHeader {
  uint8_t version = kProtocolVersion;  // with kResponseBit set on responses
  uint8_t flags = 0;
  int16_t stream = 0;
  Opcode opcode = Opcode::kError;
  int32_t length = 0;
};

// Appends the 9 header bytes to `out`.
void encode_header(const FrameHeader& header, std::string& out);

// A whole request frame: header (stream, opcode, body length) then body.
std::string encode_request(int16_t stream, Opcode opcode, std::string_view body);

// Parses 9 bytes from the server. Fails on short input, a request-direction or foreign
// version byte, a negative or oversized length, or an unknown opcode.
Result<FrameHeader> decode_response_header(std::string_view bytes);

struct Frame {
  FrameHeader header;
  std::string body;
};

}  // namespace clicklog::cql::protocol
