#include "common/shutdown.h"

#include <csignal>

namespace clicklog {
namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) {
  g_stop = 1;
}
}  // namespace

void install_shutdown_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}
bool shutdown_requested() {
  return g_stop != 0;
}
void request_shutdown() {
  g_stop = 1;
}

}  // namespace clicklog
