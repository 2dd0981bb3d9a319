#include "http/hotel_lookups.h"

namespace clicklog::http {

std::optional<HotelAnswer> HotelLookups::ask(HotelQuestion question,
                                             std::chrono::milliseconds timeout) {
  auto pending = std::make_shared<Pending>();
  pending->question = question;
  auto answer = pending->answer.get_future();
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(pending);
  }
  if (answer.wait_for(timeout) == std::future_status::ready) return answer.get();
  // Not answered: take the question back so that a job that never serves holds no backlog.
  std::lock_guard lock(mutex_);
  std::erase(waiting_, pending);
  return std::nullopt;
}

void HotelLookups::serve(const std::function<HotelAnswer(const HotelQuestion&)>& answer) {
  std::vector<std::shared_ptr<Pending>> batch;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) return;
    batch.swap(waiting_);
  }
  // Outside the lock: a request thread giving up waits for nothing the state look-up does.
  for (const auto& pending : batch) pending->answer.set_value(answer(pending->question));
}

}  // namespace clicklog::http
