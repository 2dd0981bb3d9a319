// RAII owners for avro-c handles: each handle is owned from the call that creates it, so every
// return path releases it. Internal to src/avro.
#pragma once

#include <avro.h>

#include <memory>
#include <type_traits>
#include <utility>

namespace clicklog::avro::detail {

struct SchemaRelease {
  void operator()(avro_schema_t schema) const { avro_schema_decref(schema); }
};
struct IfaceRelease {
  void operator()(avro_value_iface_t* iface) const { avro_value_iface_decref(iface); }
};
struct ReaderRelease {
  void operator()(avro_reader_t reader) const { avro_reader_free(reader); }
};
struct WriterRelease {
  void operator()(avro_writer_t writer) const { avro_writer_free(writer); }
};

using SchemaPtr = std::unique_ptr<std::remove_pointer_t<avro_schema_t>, SchemaRelease>;
using IfacePtr = std::unique_ptr<avro_value_iface_t, IfaceRelease>;
using ReaderPtr = std::unique_ptr<std::remove_pointer_t<avro_reader_t>, ReaderRelease>;
using WriterPtr = std::unique_ptr<std::remove_pointer_t<avro_writer_t>, WriterRelease>;

// An avro_value_t that owns its reference (avro_generic_value_new hands one out).
class OwnedValue {
 public:
  OwnedValue() = default;
  OwnedValue(const OwnedValue&) = delete;
  OwnedValue& operator=(const OwnedValue&) = delete;
  OwnedValue(OwnedValue&& other) noexcept : value_(std::exchange(other.value_, {})) {}
  OwnedValue& operator=(OwnedValue&& other) noexcept {
    if (this != &other) {
      reset();
      value_ = std::exchange(other.value_, {});
    }
    return *this;
  }
  ~OwnedValue() { reset(); }

  // Fills the value in place; call only on an empty OwnedValue.
  avro_value_t* out() { return &value_; }
  avro_value_t* get() { return &value_; }
  explicit operator bool() const { return value_.iface != nullptr; }

 private:
  void reset() {
    if (value_.iface != nullptr) avro_value_decref(&value_);
    value_ = {};
  }
  avro_value_t value_{};
};

}  // namespace clicklog::avro::detail
