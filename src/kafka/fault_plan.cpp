#include "kafka/fault_plan.h"

#include <algorithm>

namespace clicklog::kafka {

std::string_view fault_kind_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::kBrokerDown:
      return "broker-down";
    case FaultKind::kLeaderMove:
      return "leader-move";
    case FaultKind::kRequestErrors:
      return "request-errors";
    case FaultKind::kLatency:
      return "latency";
  }
  return "unknown";
}

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
  for (int k = 0; k < kFaultKinds; ++k) {
    if (fault_kind_name(static_cast<FaultKind>(k)) == name) return static_cast<FaultKind>(k);
  }
  return std::nullopt;
}

namespace {
struct ApiError {
  int16_t api;
  int error;
};
// Retriable errors only: each makes a client retry, refresh metadata or find its coordinator
// again. No Produce errors: the mock does not check an idempotent producer's sequence numbers,
// so when it fails one Produce request and appends the next one already in flight, librdkafka
// takes that success as proof the first batch was stored too (a real broker would have refused
// the second with OUT_OF_ORDER_SEQUENCE_NUMBER) and acknowledges records the log never got.
// Produce still fails, and is retried, under broker-down and leader-move.
constexpr ApiError kApiErrors[] = {
    {api::kFetch, kerr::kNotLeader},
    {api::kOffsetCommit, kerr::kCoordinatorNotAvailable},
    {api::kOffsetCommit, kerr::kNotCoordinator},
    {api::kHeartbeat, kerr::kCoordinatorNotAvailable},
    {api::kHeartbeat, kerr::kNotCoordinator},
    {api::kHeartbeat, kerr::kRebalanceInProgress},
};
}  // namespace

FaultPlan::FaultPlan(FaultPlanConfig config)
    : config_(std::move(config)),
      rng_(config_.seed),
      down_until_(std::max(config_.brokers, 1), 0),
      slow_until_(std::max(config_.brokers, 1), 0),
      moving_until_(config_.topics.size() * static_cast<size_t>(std::max(config_.partitions, 0)),
                    0) {
  kinds_ = {FaultKind::kBrokerDown, FaultKind::kRequestErrors, FaultKind::kLatency};
  if (config_.brokers >= 2 && !config_.topics.empty() && config_.partitions > 0) {
    kinds_.insert(kinds_.begin() + 1, FaultKind::kLeaderMove);
  }
  if (!config_.only.empty()) {
    std::erase_if(kinds_, [&](FaultKind k) {
      return std::find(config_.only.begin(), config_.only.end(), k) == config_.only.end();
    });
  }
}

int64_t FaultPlan::uniform(int64_t lo, int64_t hi) {
  // Modulo rather than a std distribution, whose output the standard leaves to the library.
  return lo + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hi - lo + 1));
}

bool FaultPlan::possible(FaultKind kind, int64_t at) const {
  const auto up = [&](const std::vector<int64_t>& until) {
    return std::count_if(until.begin(), until.end(), [at](int64_t u) { return u <= at; });
  };
  switch (kind) {
    case FaultKind::kBrokerDown:
      // With one broker it goes down alone; with more, one always stays up.
      return config_.brokers == 1 ? up(down_until_) == 1 : up(down_until_) >= 2;
    case FaultKind::kLatency:
      return up(slow_until_) >= 1;
    case FaultKind::kLeaderMove:
      return !still_leading(at).empty();
    default:
      return true;
  }
}

std::vector<size_t> FaultPlan::still_leading(int64_t at) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < moving_until_.size(); ++i) {
    if (moving_until_[i] <= at) out.push_back(i);
  }
  return out;
}

int32_t FaultPlan::pick_broker(int64_t at, const std::vector<int64_t>& busy_until) {
  std::vector<int32_t> free;
  for (size_t i = 0; i < busy_until.size(); ++i) {
    if (busy_until[i] <= at && down_until_[i] <= at) free.push_back(static_cast<int32_t>(i + 1));
  }
  if (free.empty()) return static_cast<int32_t>(uniform(1, config_.brokers));
  return free[static_cast<size_t>(uniform(0, static_cast<int64_t>(free.size()) - 1))];
}

Fault FaultPlan::make(FaultKind kind, int64_t at) {
  Fault f;
  f.kind = kind;
  f.at_ms = f.until_ms = at;
  switch (kind) {
    case FaultKind::kBrokerDown:
      f.broker = pick_broker(at, down_until_);
      f.until_ms = at + uniform(500, 3000);
      down_until_[static_cast<size_t>(f.broker - 1)] = f.until_ms;
      break;
    case FaultKind::kLeaderMove: {
      // Never a partition still between leaders: the end of its first move would hand it a
      // leader in the middle of the second one's gap.
      const auto candidates = still_leading(at);
      const size_t i =
          candidates[static_cast<size_t>(uniform(0, static_cast<int64_t>(candidates.size()) - 1))];
      f.topic = config_.topics[i / static_cast<size_t>(config_.partitions)];
      f.partition = static_cast<int32_t>(i % static_cast<size_t>(config_.partitions));
      f.until_ms = at + uniform(kLeaderlessMinMs, kLeaderlessMinMs + 1000);
      moving_until_[i] = f.until_ms;
      // A broker up when it takes over, as far as the faults planned so far go.
      f.broker = pick_broker(f.until_ms, std::vector<int64_t>(down_until_.size(), 0));
      break;
    }
    case FaultKind::kRequestErrors: {
      const auto& e = kApiErrors[uniform(0, static_cast<int64_t>(std::size(kApiErrors)) - 1)];
      f.api_key = e.api;
      f.error = e.error;
      f.count = static_cast<int>(uniform(1, 5));
      break;
    }
    case FaultKind::kLatency:
      f.broker = pick_broker(at, slow_until_);
      f.rtt_ms = static_cast<int>(uniform(50, 500));
      f.until_ms = at + uniform(1000, 3000);
      slow_until_[static_cast<size_t>(f.broker - 1)] = f.until_ms;
      break;
  }
  return f;
}

std::optional<Fault> FaultPlan::next() {
  if (config_.every_ms <= 0 || kinds_.empty()) return std::nullopt;
  const int64_t at = (++period_) * config_.every_ms;
  if (config_.for_ms > 0 && at >= config_.for_ms) return std::nullopt;
  if (bag_.empty()) {
    bag_ = kinds_;
    // Fisher-Yates by hand: std::shuffle's choices are the library's, not the standard's.
    for (size_t i = bag_.size(); i > 1; --i) {
      std::swap(bag_[i - 1], bag_[static_cast<size_t>(uniform(0, static_cast<int64_t>(i) - 1))]);
    }
  }
  // The first kind still in the bag that the cluster can take now; request errors always can,
  // and a bag without a possible kind (some kinds left out) is refilled once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto it = std::find_if(bag_.begin(), bag_.end(), [&](FaultKind k) { return possible(k, at); });
    if (it != bag_.end()) {
      const FaultKind kind = *it;
      bag_.erase(it);
      return make(kind, at);
    }
    if (std::find(kinds_.begin(), kinds_.end(), FaultKind::kRequestErrors) != kinds_.end()) {
      return make(FaultKind::kRequestErrors, at);
    }
    bag_ = kinds_;
  }
  return next();  // nothing possible in this period (say, the only broker is still down)
}

}  // namespace clicklog::kafka
