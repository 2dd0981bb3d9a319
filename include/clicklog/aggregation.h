/// @file
/// @brief Aggregation: your own sliding event-time aggregation, run by a Pipeline.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clicklog/record.h"

namespace clicklog {

/// What a type needs to be aggregated per key and slide: start empty (default-constructed),
/// take a record (add), absorb another partial of the same key (merge: associative and
/// commutative, as adding both partials' records one by one would be), and round-trip through
/// bytes (save, load), since the partials of the open windows are part of every checkpoint.
template <class A>
concept Aggregate = std::default_initializable<A> && std::copy_constructible<A> &&
    requires(A a, const A& other, const RecordView& record, std::string_view bytes) {
  a.add(record);
  a.merge(other);
  { other.save() } -> std::convertible_to<std::string>;
  { A::load(bytes) } -> std::same_as<A>;
};

/// One window of an aggregation: [start_ms, end_ms) of event time and, for every key that had
/// a record in it, the merge of that key's records.
template <Aggregate A>
struct AggregateWindow {
  int64_t start_ms = 0;             ///< the window's first millisecond of event time
  int64_t end_ms = 0;               ///< one past its last
  std::map<std::string, A> by_key;  ///< each key's records, merged
};

/// A sliding event-time aggregation, given to Pipeline::aggregate. It gets what the built-in
/// top N gets: the same watermarks and lateness (a record older than an emitted window counts
/// in the windows still open, or in none), bad records dead-lettered before it sees them,
/// its state in every checkpoint, and exactly the same windows after a crash and restart.
template <Aggregate A>
struct Aggregation {
  /// Names its state in checkpoints: unique within the pipeline, and kept across restarts.
  std::string name;
  std::chrono::milliseconds window{60000};  ///< a window's length
  std::chrono::milliseconds slide{10000};   ///< between window ends; divides the window
  /// The key a record is aggregated under; nullopt leaves the record out.
  std::function<std::optional<std::string>(const RecordView&)> key;
  /// Called with every window holding a record, once, when the watermark passes its end.
  std::function<void(const AggregateWindow<A>&)> on_window;
};

namespace detail {

/// A partial aggregate of unknown type, as the pipeline keeps it.
class AnyAggregate {
 public:
  virtual ~AnyAggregate() = default;
  virtual void add(const RecordView& record) = 0;
  virtual void merge(const AnyAggregate& other) = 0;
  virtual std::string save() const = 0;
  virtual std::unique_ptr<AnyAggregate> empty() const = 0;
  virtual std::unique_ptr<AnyAggregate> load(std::string_view bytes) const = 0;
};

template <Aggregate A>
class Boxed final : public AnyAggregate {
 public:
  Boxed() = default;
  explicit Boxed(A value) : value(std::move(value)) {}
  void add(const RecordView& record) override { value.add(record); }
  void merge(const AnyAggregate& other) override {
    value.merge(static_cast<const Boxed&>(other).value);
  }
  std::string save() const override { return value.save(); }
  std::unique_ptr<AnyAggregate> empty() const override { return std::make_unique<Boxed>(); }
  std::unique_ptr<AnyAggregate> load(std::string_view bytes) const override {
    return std::make_unique<Boxed>(A::load(bytes));
  }
  A value;
};

/// An Aggregation with its type erased.
struct AggregationSpec {
  std::string name;
  int64_t window_ms = 0;
  int64_t slide_ms = 0;
  std::function<std::optional<std::string>(const RecordView&)> key;
  std::unique_ptr<AnyAggregate> prototype;  ///< an empty one: makes and loads the others
  std::function<void(int64_t start_ms, int64_t end_ms,
                     const std::map<std::string, std::unique_ptr<AnyAggregate>>& by_key)>
      emit;
};

template <Aggregate A>
AggregationSpec erase(Aggregation<A> a) {
  AggregationSpec spec{
      a.name, a.window.count(), a.slide.count(), std::move(a.key), std::make_unique<Boxed<A>>(),
      nullptr};
  spec.emit = [on_window = std::move(a.on_window)](int64_t start_ms, int64_t end_ms,
                                                   const auto& by_key) {
    AggregateWindow<A> w{start_ms, end_ms, {}};
    for (const auto& [key, value] : by_key) {
      w.by_key.emplace(key, static_cast<const Boxed<A>&>(*value).value);
    }
    if (on_window) on_window(w);
  };
  return spec;
}

}  // namespace detail
}  // namespace clicklog
