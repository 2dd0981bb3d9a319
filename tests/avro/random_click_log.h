// Random ClickLog events for property tests: nulls, empty and long strings, multi-byte UTF-8,
// embedded NULs, and user ids at the varint and int64 edges.
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "avro/click_log.h"

namespace clicklog::avro::testing {

class RandomClickLog {
 public:
  explicit RandomClickLog(uint64_t seed) : rng_(seed) {}

  ClickLog next() {
    ClickLog event;
    if (chance(0.85)) event.user_id = user_id();
    if (chance(0.85)) event.time = text();
    if (chance(0.85)) event.action = text();
    if (chance(0.85)) event.destination = text();
    if (chance(0.85)) event.hotel = text();
    return event;
  }

  int64_t user_id() {
    switch (pick(6)) {
      case 0:
        return std::numeric_limits<int64_t>::min() + static_cast<int64_t>(pick(3));
      case 1:
        return std::numeric_limits<int64_t>::max() - static_cast<int64_t>(pick(3));
      case 2: {  // around a 7-bit varint boundary, either sign
        int64_t edge = int64_t{1} << (7 * (1 + pick(8)) - 1);
        int64_t near = edge - 1 + static_cast<int64_t>(pick(3));
        return chance(0.5) ? near : -near;
      }
      case 3:
        return static_cast<int64_t>(pick(200)) - 100;
      default:
        return static_cast<int64_t>(rng_());
    }
  }

  std::string text() {
    static const char* const kPieces[] = {"paris",
                                          "h-17",
                                          "search",
                                          "click",
                                          "é",
                                          "日本",
                                          "🏨",
                                          "Zürich",
                                          "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                                          "2026-11-27T23:01:43.123Z",
                                          " ",
                                          "\"",
                                          "\\"};
    std::string out;
    switch (pick(5)) {
      case 0:
        return out;  // empty
      case 1:
        out.assign(1 + pick(4), '\0');  // NULs are valid UTF-8 too
        return out;
      case 2: {  // long: several varint bytes of length
        size_t target = 128 + pick(5000);
        while (out.size() < target) out += kPieces[pick(std::size(kPieces))];
        return out;
      }
      default: {
        size_t parts = 1 + pick(6);
        for (size_t i = 0; i < parts; ++i) out += kPieces[pick(std::size(kPieces))];
        return out;
      }
    }
  }

  uint64_t pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::mt19937_64& engine() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace clicklog::avro::testing
