// Generator: decides which realistic ClickLog events `clicklog produce` sends — users in
// interleaved sessions that search a destination, filter, then click its hotels — from a seed,
// identically on every machine. Pure computation: no I/O, no clock, no threads. One owner
// calls next() from one thread; the returned event is valid until the following call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "avro/click_log.h"
#include "generator/catalogue.h"
#include "generator/config.h"
#include "generator/rng.h"
#include "generator/time_writer.h"
#include "generator/user_population.h"

namespace clicklog::generator {

class Generator {
 public:
  // Throws std::invalid_argument when validate(config) fails (a configuration error).
  explicit Generator(const Config& config);

  // The next event. Its time is start_ms + i * event_interval_ms for the i-th event (from 0),
  // or `now_ms` when event_interval_ms is 0 (live mode).
  const ClickLog& next(int64_t now_ms);

  // The session of the event last returned (1, 2, ... in the order sessions start), for tests
  // and debugging: a session is one user's visit.
  uint64_t session_id() const { return last_session_; }
  uint64_t events() const { return events_; }
  const Catalogue& catalogue() const { return catalogue_; }
  const Config& config() const { return config_; }

 private:
  enum class Phase : uint8_t { kSearch, kFilter, kClick };
  struct Session {
    uint64_t id = 0;
    std::optional<int64_t> user;
    uint32_t destination = 0;
    uint32_t last_hotel = 0;  // hotel number last clicked in this destination, 0 = none
    Phase phase = Phase::kSearch;
    int left = 0;  // events left in this phase
    int destinations_visited = 0;
  };

  void start_session(Session& s);
  void end_session(const Session& s);
  void start_destination(Session& s);
  // Fills event_ with the session's next scripted event; true when that ends the session.
  bool step(Session& s);
  // Fills event_ with a malformed event in the session's context; the script does not advance.
  void malformed(const Session& s);

  void set_action(std::string_view action);
  void set_destination(std::string_view destination);
  void set_hotel(uint32_t destination, uint32_t hotel);
  void clear_hotel();

  Config config_;
  Rng rng_;
  Catalogue catalogue_;
  UserPopulation users_;
  TimeWriter time_writer_;
  std::vector<Session> pool_;
  std::unordered_map<int64_t, int> active_users_;  // user -> sessions open
  ClickLog event_;
  // Buffers of fields set to null, kept to refill them without allocating.
  std::string spare_destination_, spare_hotel_, spare_time_;
  uint64_t events_ = 0;
  uint64_t sessions_started_ = 0;
  uint64_t last_session_ = 0;
};

}  // namespace clicklog::generator
