#include "generator/generator.h"

#include <array>
#include <stdexcept>

namespace clicklog::generator {

namespace {

// How many events of each kind a visit to one destination has: weights for 1..3 searches,
// 0..3 filters, 1..5 clicks (most visitors do little, a few browse a lot).
constexpr std::array<uint32_t, 3> kSearches = {50, 30, 20};
constexpr std::array<uint32_t, 4> kFilters = {40, 30, 20, 10};
constexpr std::array<uint32_t, 5> kClicks = {35, 25, 20, 12, 8};

template <size_t N>
int draw_count(Rng& rng, const std::array<uint32_t, N>& weights, int first) {
  uint32_t total = 0;
  for (uint32_t w : weights) total += w;
  auto r = static_cast<uint32_t>(rng.below(total));
  int i = 0;
  while (r >= weights[i]) r -= weights[i++];
  return first + i;
}

// Moves a field's buffer into `spare` when nulling it, and back when setting it again, so a
// steady stream of events allocates nothing.
std::string& engage(std::optional<std::string>& field, std::string& spare) {
  if (!field) field.emplace(std::move(spare));
  return *field;
}
void release(std::optional<std::string>& field, std::string& spare) {
  if (field) {
    spare = std::move(*field);
    field.reset();
  }
}

Config checked(const Config& config) {
  if (Status s = validate(config); !s) throw std::invalid_argument(s.message());
  return config;
}

}  // namespace

Generator::Generator(const Config& config)
    : config_(checked(config)),
      rng_(config.seed),
      catalogue_(config_),
      users_(config_.users, config_.user_zipf),
      pool_(static_cast<size_t>(config_.concurrent_sessions)) {
  for (Session& s : pool_) start_session(s);
}

const ClickLog& Generator::next(int64_t now_ms) {
  Session& s = pool_[rng_.below(pool_.size())];
  last_session_ = s.id;
  const int64_t time_ms =
      config_.event_interval_ms == 0
          ? now_ms
          : config_.start_ms + static_cast<int64_t>(events_) * config_.event_interval_ms;
  time_writer_.write(time_ms, engage(event_.time, spare_time_));
  if (rng_.chance(config_.malformed_event_rate)) {
    malformed(s);
  } else if (step(s)) {
    end_session(s);
    start_session(s);
  }
  ++events_;
  return event_;
}

void Generator::start_session(Session& s) {
  s = Session{};
  s.id = ++sessions_started_;
  if (!rng_.chance(config_.anonymous_session_rate)) {
    // A person browses in one session at a time; a few redraws keep the busiest users from
    // holding two, unless the population is too small to avoid it.
    int64_t user = users_.pick(rng_);
    for (int tries = 0; tries < 8 && active_users_.contains(user); ++tries) {
      user = users_.pick(rng_);
    }
    ++active_users_[user];
    s.user = user;
  }
  start_destination(s);
}

void Generator::end_session(const Session& s) {
  if (!s.user) return;
  auto it = active_users_.find(*s.user);
  if (--it->second == 0) active_users_.erase(it);
}

void Generator::start_destination(Session& s) {
  uint32_t d = catalogue_.pick_destination(rng_);
  if (s.destinations_visited > 0 && catalogue_.size() > 1) {
    for (int tries = 0; tries < 8 && d == s.destination; ++tries) {
      d = catalogue_.pick_destination(rng_);
    }
  }
  s.destination = d;
  s.last_hotel = 0;
  s.phase = Phase::kSearch;
  s.left = draw_count(rng_, kSearches, 1);
  ++s.destinations_visited;
}

bool Generator::step(Session& s) {
  event_.user_id = s.user;
  set_destination(catalogue_.name(s.destination));
  switch (s.phase) {
    case Phase::kSearch:
      set_action("search");
      clear_hotel();
      if (--s.left == 0) {
        s.phase = Phase::kFilter;
        s.left = draw_count(rng_, kFilters, 0);
        if (s.left == 0) {
          s.phase = Phase::kClick;
          s.left = draw_count(rng_, kClicks, 1);
        }
      }
      return false;
    case Phase::kFilter:
      set_action("filter");
      if (rng_.chance(config_.filter_hotel_rate)) {
        set_hotel(s.destination, catalogue_.pick_hotel(rng_, s.destination));
      } else {
        clear_hotel();
      }
      if (--s.left == 0) {
        s.phase = Phase::kClick;
        s.left = draw_count(rng_, kClicks, 1);
      }
      return false;
    case Phase::kClick: {
      set_action("click");
      const bool repeat = s.last_hotel != 0 && rng_.chance(config_.repeat_click_rate);
      s.last_hotel = repeat ? s.last_hotel : catalogue_.pick_hotel(rng_, s.destination);
      set_hotel(s.destination, s.last_hotel);
      if (--s.left > 0) return false;
      if (s.destinations_visited < config_.max_destinations_per_session &&
          rng_.chance(config_.next_destination_rate)) {
        start_destination(s);
        return false;
      }
      return true;
    }
  }
  return true;
}

void Generator::malformed(const Session& s) {
  event_.user_id = s.user;
  set_destination(catalogue_.name(s.destination));
  set_action("search");
  clear_hotel();
  switch (rng_.below(5)) {
    case 0:  // a search logged before the destination was known
      release(event_.destination, spare_destination_);
      break;
    case 1:  // a search with an empty box
      event_.destination->clear();
      break;
    case 2:  // a click whose hotel was lost
      set_action("click");
      break;
    case 3:  // an event the logger could not name
      event_.action.reset();
      break;
    default:  // a client without a clock
      release(event_.time, spare_time_);
      break;
  }
}

void Generator::set_action(std::string_view action) {
  event_.action.emplace(action);
}

void Generator::set_destination(std::string_view destination) {
  engage(event_.destination, spare_destination_).assign(destination);
}

void Generator::set_hotel(uint32_t destination, uint32_t hotel) {
  catalogue_.hotel_id(destination, hotel, engage(event_.hotel, spare_hotel_));
}

void Generator::clear_hotel() {
  release(event_.hotel, spare_hotel_);
}

}  // namespace clicklog::generator
