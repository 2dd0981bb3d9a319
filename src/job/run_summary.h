// The end-of-run summary on stderr: what was read, counted, late and bad (by reason).
#pragma once

#include <cstdint>

namespace clicklog::job {

void print_run_summary(double elapsed_seconds);

}  // namespace clicklog::job
