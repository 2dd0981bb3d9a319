#include "job/offset_release.h"

#include "common/log.h"

namespace clicklog::job {

void OffsetRelease::store_confirmed() {
  std::map<int32_t, int64_t> ready;
  while (!held_.empty() && dlq_.confirmed(held_.front().dlq_position)) {
    for (const auto& [p, o] : held_.front().offsets) ready[p] = o;
    held_.pop_front();
  }
  if (auto st = consumer_.store_offsets(ready); !st) log::warn("{}", st.message());
}

}  // namespace clicklog::job
