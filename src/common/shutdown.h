// Process-wide stop request: SIGINT/SIGTERM set a flag that every loop polls, so shutdown is
// always "finish the batch in hand, flush, commit, exit" rather than an abrupt exit.
#pragma once

namespace clicklog {

// Installs the SIGINT/SIGTERM handlers (idempotent).
void install_shutdown_handlers();
bool shutdown_requested();
void request_shutdown();

}  // namespace clicklog
