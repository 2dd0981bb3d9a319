#include "avro/generic_codec.h"

#include <array>
#include <optional>

namespace clicklog::avro {
namespace {

constexpr std::array<const char*, 4> kStringFields = {"time", "action", "destination", "hotel"};

Error avro_error(const char* what) {
  return Error{std::string(what) + ": " + avro_strerror()};
}

// The string fields in kStringFields order; const-ness follows the event's.
template <class Event>
auto string_fields(Event& event) {
  return std::array{&event.time, &event.action, &event.destination, &event.hotel};
}

// The ["null", T] branch of record field `name`, or nullopt when the value is null.
Result<std::optional<avro_value_t>> present_branch(avro_value_t* record, const char* name) {
  avro_value_t field;
  avro_value_t branch;
  if (avro_value_get_by_name(record, name, &field, nullptr) != 0 ||
      avro_value_get_current_branch(&field, &branch) != 0) {
    return avro_error(name);
  }
  if (avro_value_get_type(&branch) == AVRO_NULL) return std::optional<avro_value_t>();
  return std::optional<avro_value_t>(branch);
}

}  // namespace

Result<GenericCodec> GenericCodec::create() {
  auto schema = Schema::clicklog();
  if (!schema) return schema.error();
  detail::IfacePtr iface(avro_generic_class_from_schema(schema->get()));
  if (!iface) return avro_error("avro_generic_class_from_schema");
  detail::OwnedValue value;
  if (avro_generic_value_new(iface.get(), value.out()) != 0) {
    return avro_error("avro_generic_value_new");
  }
  detail::ReaderPtr reader(avro_reader_memory(nullptr, 0));
  detail::WriterPtr writer(avro_writer_memory(nullptr, 0));
  if (!reader || !writer) return avro_error("avro_reader_memory/avro_writer_memory");
  return GenericCodec(std::move(*schema), std::move(iface), std::move(value), std::move(reader),
                      std::move(writer));
}

Status GenericCodec::fill(const ClickLog& event) {
  avro_value_t* record = value_.get();
  avro_value_reset(record);
  avro_value_t field;
  avro_value_t branch;
  if (avro_value_get_by_name(record, "user_id", &field, nullptr) != 0) return avro_error("user_id");
  int rc = event.user_id
               ? avro_value_set_branch(&field, 1, &branch) ||
                     avro_value_set_long(&branch, *event.user_id)
               : avro_value_set_branch(&field, 0, &branch) || avro_value_set_null(&branch);
  if (rc != 0) return avro_error("user_id");

  auto texts = string_fields(event);
  for (size_t i = 0; i < kStringFields.size(); ++i) {
    const std::optional<std::string>& text = *texts[i];
    if (avro_value_get_by_name(record, kStringFields[i], &field, nullptr) != 0) {
      return avro_error(kStringFields[i]);
    }
    // avro-c string sizes count the NUL that std::string keeps after its data.
    rc = text ? avro_value_set_branch(&field, 1, &branch) ||
                    avro_value_set_string_len(&branch, text->c_str(), text->size() + 1)
              : avro_value_set_branch(&field, 0, &branch) || avro_value_set_null(&branch);
    if (rc != 0) return avro_error(kStringFields[i]);
  }
  return {};
}

Result<std::string> GenericCodec::encode(const ClickLog& event, Framing framing) {
  if (auto status = fill(event); !status) return Error{status.message()};
  size_t body_size = 0;
  if (avro_value_sizeof(value_.get(), &body_size) != 0) return avro_error("avro_value_sizeof");

  std::string out;
  if (framing == Framing::kSingleObject) {
    out = "\xC3\x01";
    uint64_t fp = schema_fingerprint();
    for (int i = 0; i < 8; ++i) out += static_cast<char>(fp >> (8 * i));
  }
  size_t header = out.size();
  out.resize(header + body_size);
  avro_writer_memory_set_dest(writer_.get(), out.data() + header, static_cast<int64_t>(body_size));
  if (avro_value_write(writer_.get(), value_.get()) != 0) return avro_error("avro_value_write");
  if (avro_writer_tell(writer_.get()) != static_cast<int64_t>(body_size)) {
    return Error{"avro_value_write: wrote fewer bytes than avro_value_sizeof promised"};
  }
  return out;
}

Result<ClickLog> GenericCodec::decode(std::span<const uint8_t> bytes, Framing framing) {
  if (framing == Framing::kSingleObject) {
    if (bytes.size() < 10) return Error{std::string(to_string(DecodeError::kTruncated))};
    if (bytes[0] != 0xC3 || bytes[1] != 0x01) {
      return Error{std::string(to_string(DecodeError::kBadMagic))};
    }
    uint64_t fp = 0;
    for (int i = 0; i < 8; ++i) fp |= static_cast<uint64_t>(bytes[2 + i]) << (8 * i);
    if (fp != schema_fingerprint())
      return Error{std::string(to_string(DecodeError::kBadFingerprint))};
    bytes = bytes.subspan(10);
  }
  avro_reader_memory_set_source(reader_.get(), reinterpret_cast<const char*>(bytes.data()),
                                static_cast<int64_t>(bytes.size()));
  avro_value_reset(value_.get());
  if (avro_value_read(reader_.get(), value_.get()) != 0) return avro_error("avro_value_read");
  // A memory reader never reports EOF, so probe for one more byte instead.
  char extra;
  if (avro_read(reader_.get(), &extra, 1) == 0) {
    return Error{std::string(to_string(DecodeError::kTrailingBytes))};
  }
  return extract();
}

Result<ClickLog> GenericCodec::extract() {
  ClickLog event;
  auto texts = string_fields(event);
  auto user = present_branch(value_.get(), "user_id");
  if (!user) return user.error();
  if (*user) {
    int64_t id = 0;
    if (avro_value_get_long(&**user, &id) != 0) return avro_error("user_id");
    event.user_id = id;
  }
  for (size_t i = 0; i < kStringFields.size(); ++i) {
    auto branch = present_branch(value_.get(), kStringFields[i]);
    if (!branch) return branch.error();
    if (!*branch) continue;
    const char* text = nullptr;
    size_t size = 0;
    if (avro_value_get_string(&**branch, &text, &size) != 0 || size == 0) {
      return avro_error(kStringFields[i]);
    }
    texts[i]->emplace(text, size - 1);
  }
  return event;
}

}  // namespace clicklog::avro
