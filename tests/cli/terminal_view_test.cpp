// The terminal view's frame: home and clear, the table with rank changes, the status line.
#include "cli/terminal_view.h"

#include <gtest/gtest.h>

namespace clicklog::cli {
namespace {

// 2026-12-02T00:00:00Z
constexpr int64_t kEnd = 1'796'169'600'000;

window::WindowResult window_of(std::vector<window::Entry> top) {
  return {kEnd - 600'000, kEnd, std::move(top)};
}

TEST(TerminalView, FirstFrameHasNoRankChanges) {
  const auto w = window_of({{"paris", 12}, {"rome", 7}});
  EXPECT_EQ(render_terminal_frame(w, nullptr, 10, {}),
            "\x1b[H\x1b[2J"
            "Top 10 destinations, 2026-12-01T23:50:00Z to 2026-12-02T00:00:00Z\n"
            "rank  move  destination    searches\n"
            "   1        paris                12\n"
            "   2        rome                  7\n"
            "\n"
            "0 records · consumer lag ? · 0 bad records\n");
}

TEST(TerminalView, ArrowsAndStatusLine) {
  const auto before = window_of({{"paris", 12}, {"rome", 7}, {"oslo", 3}});
  const auto now = window_of({{"oslo", 20}, {"paris", 13}, {"lima", 4}, {"rome", 2}});
  TerminalStatus s{12345, 2001.4, 37, 2500, 3};
  EXPECT_EQ(render_terminal_frame(now, &before, 10, s),
            "\x1b[H\x1b[2J"
            "Top 10 destinations, 2026-12-01T23:50:00Z to 2026-12-02T00:00:00Z\n"
            "rank  move  destination    searches\n"
            "   1  ▲2    oslo                 20\n"
            "   2  ▼1    paris                13\n"
            "   3  new   lima                  4\n"
            "   4  ▼2    rome                  2\n"
            "\n"
            "12345 records (2001/s) · consumer lag 37 · watermark 2.5 s behind · 3 bad records\n");
}

}  // namespace
}  // namespace clicklog::cli
