#include "generator/time_writer.h"

#include "common/time_format.h"

namespace clicklog::generator {

void TimeWriter::write(int64_t epoch_ms, std::string& out) {
  constexpr int64_t kDayMs = 86'400'000;
  const int64_t day = floor_div(epoch_ms, kDayMs);
  if (day != day_) {
    day_ = day;
    day_prefix_ = format_utc_date(epoch_ms) + 'T';
  }
  const int64_t in_day = epoch_ms - day * kDayMs;
  const auto h = static_cast<unsigned>(in_day / 3'600'000);
  const auto m = static_cast<unsigned>(in_day / 60'000 % 60);
  const auto s = static_cast<unsigned>(in_day / 1000 % 60);
  const auto ms = static_cast<unsigned>(in_day % 1000);
  const char clock[13] = {static_cast<char>('0' + h / 10),
                          static_cast<char>('0' + h % 10),
                          ':',
                          static_cast<char>('0' + m / 10),
                          static_cast<char>('0' + m % 10),
                          ':',
                          static_cast<char>('0' + s / 10),
                          static_cast<char>('0' + s % 10),
                          '.',
                          static_cast<char>('0' + ms / 100),
                          static_cast<char>('0' + ms / 10 % 10),
                          static_cast<char>('0' + ms % 10),
                          'Z'};
  out.assign(day_prefix_);
  out.append(clock, sizeof clock);
}

}  // namespace clicklog::generator
