// Exposes our Avro schema identity and fast codec on the command line, so that
// fingerprint_peer.py can compare them with independent Python implementations.
//   avro_peer_tool schema [FILE]        canonical form, then the fingerprint as 16 hex digits
//                                       (FILE: any schema; default: the embedded ClickLog one)
//   avro_peer_tool encode raw|single    JSON-lines ClickLogs on stdin -> hex lines on stdout
//   avro_peer_tool decode raw|single    hex lines on stdin -> JSON lines, or "error: NAME"
#include <jansson.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "avro/click_log_schema.h"
#include "avro/codec.h"

namespace {

using namespace clicklog;
using namespace clicklog::avro;

struct JsonRelease {
  void operator()(json_t* json) const { json_decref(json); }
};
using JsonPtr = std::unique_ptr<json_t, JsonRelease>;

int fail(const std::string& why) {
  std::cerr << "avro_peer_tool: " << why << "\n";
  return 1;
}

int schema(int argc, char** argv) {
  std::string text(clicklog_schema_json());
  if (argc > 2) {
    std::ifstream file(argv[2]);
    if (!file) return fail(std::string("cannot read ") + argv[2]);
    std::stringstream buffer;
    buffer << file.rdbuf();
    text = buffer.str();
  }
  auto form = parsing_canonical_form(text);
  if (!form) return fail(form.error().message);
  std::printf("%s\n%016" PRIx64 "\n", form->c_str(), crc64_avro(*form));
  return 0;
}

std::optional<std::string> text_field(const json_t* object, const char* key) {
  const json_t* value = json_object_get(object, key);
  if (!json_is_string(value)) return std::nullopt;
  return std::string(json_string_value(value), json_string_length(value));
}

int encode_lines(Framing framing) {
  std::string line;
  while (std::getline(std::cin, line)) {
    json_error_t error;
    JsonPtr object(json_loadb(line.data(), line.size(), JSON_ALLOW_NUL, &error));
    if (!json_is_object(object.get())) return fail(std::string("bad JSON line: ") + error.text);
    ClickLog event;
    if (const json_t* id = json_object_get(object.get(), "user_id"); json_is_integer(id)) {
      event.user_id = json_integer_value(id);
    }
    event.time = text_field(object.get(), "time");
    event.action = text_field(object.get(), "action");
    event.destination = text_field(object.get(), "destination");
    event.hotel = text_field(object.get(), "hotel");
    std::string bytes;
    encode(event, framing, bytes);
    for (unsigned char c : bytes) std::printf("%02x", c);
    std::printf("\n");
  }
  return 0;
}

json_t* json_text(const std::optional<std::string_view>& text) {
  return text ? json_stringn(text->data(), text->size()) : json_null();
}

int decode_lines(Framing framing) {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string bytes;
    for (size_t i = 0; i + 1 < line.size(); i += 2) {
      bytes += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
    }
    ClickLogView view;
    if (auto error =
            decode({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, framing, view)) {
      std::printf("error: %s\n", std::string(to_string(*error)).c_str());
      continue;
    }
    JsonPtr object(json_object());
    json_object_set_new(object.get(), "user_id",
                        view.user_id ? json_integer(*view.user_id) : json_null());
    json_object_set_new(object.get(), "time", json_text(view.time));
    json_object_set_new(object.get(), "action", json_text(view.action));
    json_object_set_new(object.get(), "destination", json_text(view.destination));
    json_object_set_new(object.get(), "hotel", json_text(view.hotel));
    std::unique_ptr<char, decltype(&std::free)> text(json_dumps(object.get(), JSON_COMPACT),
                                                     &std::free);
    if (!text) return fail("cannot print a decoded event as JSON (invalid UTF-8?)");
    std::printf("%s\n", text.get());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "schema") return schema(argc, argv);
  if ((command == "encode" || command == "decode") && argc == 3) {
    std::string framing_name = argv[2];
    if (framing_name != "raw" && framing_name != "single") return fail("framing: raw or single");
    Framing framing = framing_name == "raw" ? Framing::kRaw : Framing::kSingleObject;
    return command == "encode" ? encode_lines(framing) : decode_lines(framing);
  }
  return fail("usage: avro_peer_tool schema [FILE] | encode raw|single | decode raw|single");
}
