#include "generator/time_writer.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "generator/rng.h"

namespace clicklog::generator {
namespace {

TEST(TimeWriter, MatchesTheCommonFormatter) {
  TimeWriter writer;
  std::string out;
  writer.write(0, out);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");
  const int64_t t = 1'795'820'503'123;  // 2026-11-27T23:01:43.123Z
  writer.write(t, out);
  EXPECT_EQ(out, "2026-11-27T23:01:43.123Z");
  Rng rng(8);
  int64_t ms = t - 5'000'000;
  for (int i = 0; i < 20'000; ++i) {  // steps of up to a minute cross days, so the cache turns over
    ms += static_cast<int64_t>(rng.below(60'000)) * (i % 100 == 0 ? 1000 : 1);
    writer.write(ms, out);
    ASSERT_EQ(out, format_rfc3339_utc_ms(ms)) << ms;
  }
  for (int64_t before_epoch : {-1LL, -86'400'000LL, -86'400'001LL, -123'456'789'012LL}) {
    writer.write(before_epoch, out);
    EXPECT_EQ(out, format_rfc3339_utc_ms(before_epoch));
  }
}

}  // namespace
}  // namespace clicklog::generator
