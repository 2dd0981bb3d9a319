// FaultPlan: which broker fault the embedded cluster suffers when, decided from a seed alone
// (no clock, no cluster), so that `clicklog broker --faults-every` runs are repeatable and the
// schedule is unit-testable. kafka/fault_injector.h applies a plan to a MockCluster.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace clicklog::kafka {

enum class FaultKind { kBrokerDown, kLeaderMove, kRequestErrors, kLatency };
inline constexpr int kFaultKinds = 4;
std::string_view fault_kind_name(FaultKind kind);  // "broker-down", "leader-move", ...
std::optional<FaultKind> parse_fault_kind(std::string_view name);

// Kafka protocol numbers, as the mock cluster takes them (equal to rd_kafka_resp_err_t codes).
namespace api {
inline constexpr int16_t kFetch = 1, kOffsetCommit = 8, kHeartbeat = 12;
}
namespace kerr {
inline constexpr int kNotLeader = 6, kCoordinatorNotAvailable = 15, kNotCoordinator = 16,
                     kRebalanceInProgress = 27;
}

// A leader move leaves the partition without a leader for at least this long before the new
// one takes over, as an election does. The gap is what keeps the move exact on the mock: it
// is over twice the largest added latency (500 ms), so the old leader has answered every
// request it holds before the new one accepts any. Moved at once, a later batch reached the
// new leader while an earlier one was being refused by the old; the mock, which does not
// check idempotent sequence numbers, stored the later one, and librdkafka then counted the
// earlier as stored too (163 records lost in one CI run).
inline constexpr int64_t kLeaderlessMinMs = 1500;

struct Fault {
  int64_t at_ms = 0;     // since injection started
  int64_t until_ms = 0;  // when it heals (leader-move: the new leader takes over); at_ms for errors
  FaultKind kind = FaultKind::kRequestErrors;
  int32_t broker = -1;     // down, slowed, or the partition's new leader (ids from 1)
  std::string topic;       // leader-move
  int32_t partition = -1;  // leader-move
  int16_t api_key = -1;    // request-errors: the next `count` requests of this API fail
  int error = 0;
  int count = 0;
  int rtt_ms = 0;  // latency
};

struct FaultPlanConfig {
  int brokers = 1;
  std::vector<std::string> topics;  // leader-move candidates, each with `partitions`
  int partitions = 1;
  int64_t every_ms = 0;  // one fault per period, the first after one period
  int64_t for_ms = 0;    // no fault at or after this (0: no end)
  uint64_t seed = 1;
  std::vector<FaultKind> only;  // the kinds to inject (empty: every kind the cluster allows)
};

// Faults in time order. Each run of kFaultKinds consecutive faults holds every kind that is
// possible on the cluster once (in seeded order), unless the cluster state forbids it at that
// moment (a second broker down would leave none up): then another kind takes its turn.
class FaultPlan {
 public:
  explicit FaultPlan(FaultPlanConfig config);
  // The next fault, or nullopt once the plan is over (or injection is off).
  std::optional<Fault> next();
  // Kinds this cluster can suffer: leader-move needs two brokers and a topic.
  const std::vector<FaultKind>& kinds() const { return kinds_; }

 private:
  bool possible(FaultKind kind, int64_t at) const;
  Fault make(FaultKind kind, int64_t at);
  int32_t pick_broker(int64_t at, const std::vector<int64_t>& busy_until);
  // Indexes (topic * partitions + partition) of the partitions with a leader at `at`.
  std::vector<size_t> still_leading(int64_t at) const;
  int64_t uniform(int64_t lo, int64_t hi);  // inclusive

  FaultPlanConfig config_;
  std::mt19937_64 rng_;  // fully specified by the standard: the same seed, the same plan
  std::vector<FaultKind> kinds_, bag_;
  std::vector<int64_t> down_until_, slow_until_;  // per broker id - 1
  std::vector<int64_t> moving_until_;             // per partition, indexed as in still_leading
  int64_t period_ = 0;
};

}  // namespace clicklog::kafka
