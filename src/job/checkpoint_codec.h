// The byte form of a whole checkpoint: what the local state folder stores under one key and
// what the state topic carries (in chunks) to a job on another machine. Versioned; decode
// refuses what it cannot read whole rather than guess.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "job/checkpoint.h"

namespace clicklog::job {

std::string encode_checkpoint(const Checkpoint& checkpoint);
// `where` names the source in errors ("checkpoint in /var/lib/...").
Result<Checkpoint> decode_checkpoint(std::string_view bytes, std::string_view where);

}  // namespace clicklog::job
