// HotelLookups: how GET /api/second-hotel reaches the job's per-user second-hotel state, which
// only the job's thread may touch. A request thread queues its question and waits; the job's
// thread answers every queued question once a turn (serve), between two batches, so the state
// is never read while it changes and the job never waits for a client. A question the job
// does not answer in time (it is stopping, or blocked on a failing store) gets nullopt.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace clicklog::http {

struct HotelQuestion {
  int64_t user_id = 0;
  int32_t day = 0;  // days since 1970-01-01 (UTC)
};

struct HotelAnswer {
  bool held = false;  // the state holds the day; if not, both hotels are unknown
  std::optional<std::string> first_hotel;
  std::optional<std::string> second_hotel;
  bool from_store = false;  // answered by the archive, from the store's clicks of the day
  bool operator==(const HotelAnswer&) const = default;
};

class HotelLookups {
 public:
  // Request threads: the job's answer, or nullopt if it gave none within `timeout`.
  std::optional<HotelAnswer> ask(HotelQuestion question, std::chrono::milliseconds timeout);

  // The job's thread, once a turn: answers every waiting question with `answer`.
  void serve(const std::function<HotelAnswer(const HotelQuestion&)>& answer);

  // Where the days the state does not hold are asked, on the request thread (the store, with
  // --store); empty: nowhere. Set before the endpoint serves.
  using Archive = std::function<Result<HotelAnswer>(const HotelQuestion&)>;
  void set_archive(Archive archive) { archive_ = std::move(archive); }
  const Archive& archive() const { return archive_; }

 private:
  struct Pending {
    HotelQuestion question;
    std::promise<HotelAnswer> answer;
  };
  std::mutex mutex_;
  std::vector<std::shared_ptr<Pending>> waiting_;
  Archive archive_;
};

}  // namespace clicklog::http
