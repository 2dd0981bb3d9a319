// `clicklog second-hotel`: the day's second distinct hotel per user (CONTRACT.md section 3),
// computed from the clicks `clicklog run --store` saved, printed (stdout or --out, written
// atomically) and stored in the results table. Made for cron: exit 0 done, 1 with a one-line
// reason (store unreachable, ...), 2 usage.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli/commands.h"
#include "cli/common_flags.h"
#include "common/log.h"
#include "common/time_format.h"
#include "hotel/answer.h"
#include "hotel/click_order.h"
#include "store/day_query.h"
#include "store/store.h"
#include "store/store_uri.h"

namespace clicklog::cli {

namespace {

struct SecondHotelFlags {
  std::string date;
  std::string store;
  std::string output = "csv";
  std::string out;
  std::string timeout = "10s";
  bool from_state = false;
};

// "yesterday", "today" (UTC) or a strict YYYY-MM-DD.
int32_t parse_day(const std::string& text) {
  const int32_t today = hotel::utc_day(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  if (text == "yesterday") return today - 1;
  if (text == "today") return today;
  const auto bad = [&] {
    return UsageError(fmt::format("--date: '{}' is not YYYY-MM-DD, yesterday or today", text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw bad();
  int y = 0;
  unsigned m = 0, d = 0;
  const char* s = text.data();
  if (std::from_chars(s, s + 4, y).ptr != s + 4 || std::from_chars(s + 5, s + 7, m).ptr != s + 7 ||
      std::from_chars(s + 8, s + 10, d).ptr != s + 10) {
    throw bad();
  }
  const int64_t days = days_from_civil(y, m, d);
  int64_t y2;
  unsigned m2, d2;
  civil_from_days(days, y2, m2, d2);
  if (y2 != y || m2 != m || d2 != d) throw bad();  // 2026-02-30 and the like
  return static_cast<int32_t>(days);
}

// Writes `text` to `path` so readers see the old file or the whole new one, never a part.
Status write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error{fmt::format("cannot write {}: {}", tmp, std::strerror(errno))};
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                       std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !written) {
    std::remove(tmp.c_str());
    return Error{fmt::format("cannot write {}: {}", tmp, std::strerror(written ? errno : err))};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int rename_err = errno;
    std::remove(tmp.c_str());
    return Error{fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(rename_err))};
  }
  return {};
}

int run_second_hotel(const SecondHotelFlags& f) {
  const int32_t day = parse_day(f.date);
  if (auto uri = store::parse_store_uri(f.store); !uri)
    throw UsageError("--store: " + uri.error().message);
  const auto timeout = std::chrono::milliseconds(duration_flag("--timeout", f.timeout));
  const std::string date = format_utc_date(int64_t{day} * hotel::kDayMs);
  const auto started = std::chrono::steady_clock::now();

  auto opened = store::open_store(f.store, {store::Role::kQuery, timeout});
  if (!opened) {
    log::error("{}", opened.error().message);
    return 1;
  }
  store::Store& s = **opened;
  std::vector<hotel::UserHotel> rows;
  std::string what;
  if (f.from_state) {
    auto live = s.read_live(day);
    if (!live) {
      log::error("{}", live.error().message);
      return 1;
    }
    rows = std::move(*live);
    what = "from the streaming state's answers";
  } else {
    auto answer = store::compute_day_answer(s, day);
    if (!answer) {
      log::error("{}", answer.error().message);
      return 1;
    }
    if (answer->clicks == 0) log::warn("no clicks saved for {} in {}", date, f.store);
    if (auto st = s.write_results(day, answer->rows); !st) {
      log::error("{}", st.message());
      return 1;
    }
    what = fmt::format("from {} clicks of {} users", answer->clicks, answer->users);
    rows = std::move(answer->rows);
  }

  const std::string text = hotel::format_answer(
      rows, f.output == "jsonl" ? hotel::AnswerFormat::kJsonl : hotel::AnswerFormat::kCsv);
  if (!f.out.empty()) {
    if (auto st = write_atomically(f.out, text); !st) {
      log::error("{}", st.message());
      return 1;
    }
  } else if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
             std::fflush(stdout) != 0) {
    log::error("cannot write the answer to stdout: {}", std::strerror(errno));
    return 1;
  }
  log::info("second-hotel {}: {} users with a second hotel, {} in {:.2f} s", date, rows.size(),
            what,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return 0;
}

}  // namespace

void add_second_hotel_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<SecondHotelFlags>();
  CLI::App* cmd = app.add_subcommand(
      "second-hotel",
      "The day's second distinct hotel per user, from the clicks `clicklog run --store` saved:\n"
      "printed (CSV or JSON lines, by user id) and written to the store's results table.\n"
      "Made for cron: exit 0 done, 1 failure (one line on stderr), 2 usage.");
  cmd->add_option("--date", f->date, "UTC day: YYYY-MM-DD, yesterday or today")->required();
  cmd->add_option("--store", f->store,
                  "rocksdb:PATH or cassandra://HOST[:PORT][,HOST...]/KEYSPACE"
                  "[?ca=PEM&user=U&password=file:PATH]")
      ->required();
  cmd->add_option("-o,--output", f->output, "csv or jsonl")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("--out", f->out, "Write to this file (atomically: a temporary file renamed)");
  cmd->add_option("--timeout", f->timeout, "How long to try reaching the store")
      ->capture_default_str();
  cmd->add_flag("--from-state", f->from_state,
                "Print the streaming job's current answer for the day (saved with the clicks) "
                "instead of recomputing it; the results table is left alone");
  cmd->callback([&action, f] { action = [f] { return run_second_hotel(*f); }; });
}

}  // namespace clicklog::cli
