// The two output forms of CONTRACT.md section 3.
#include "hotel/answer.h"

#include <gtest/gtest.h>

namespace clicklog::hotel {
namespace {

TEST(AnswerFormat, CsvHasHeaderAndQuotesOnlyWhenNeeded) {
  std::vector<UserHotel> rows{{42, "h-17"}, {-3, "a,b"}, {7, "say \"hi\""}};
  sort_by_user(rows);
  EXPECT_EQ(format_answer(rows, AnswerFormat::kCsv),
            "user_id,hotel\n-3,\"a,b\"\n7,\"say \"\"hi\"\"\"\n42,h-17\n");
  EXPECT_EQ(format_answer({}, AnswerFormat::kCsv), "user_id,hotel\n");
}

TEST(AnswerFormat, JsonLinesEscape) {
  EXPECT_EQ(format_answer({{42, "h-17"}, {9'007'199'254'740'993, "q\"\n"}}, AnswerFormat::kJsonl),
            "{\"user_id\":42,\"hotel\":\"h-17\"}\n"
            "{\"user_id\":9007199254740993,\"hotel\":\"q\\\"\\n\"}\n");
  EXPECT_EQ(format_answer({}, AnswerFormat::kJsonl), "");
}

}  // namespace
}  // namespace clicklog::hotel
