// The end-of-run summary on stderr: what was read, counted, late and bad (by reason).
#pragma once

#include <cstdint>

namespace clicklog::job {

// elapsed: the whole run; flowing: from the first record read to the last.
void print_run_summary(double elapsed_seconds, double flowing_seconds);

}  // namespace clicklog::job
