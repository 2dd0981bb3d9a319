#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace clicklog::log {
namespace {
std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mutex;
constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_level(Level level) {
  g_level = level;
}
bool enabled(Level level) {
  return level >= g_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view message) {
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "clicklog %s: %.*s\n", kNames[static_cast<int>(level)],
               static_cast<int>(message.size()), message.data());
}

}  // namespace clicklog::log
