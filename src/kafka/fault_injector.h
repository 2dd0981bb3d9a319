// FaultInjector: applies a FaultPlan to a MockCluster as time passes, for `clicklog broker
// --faults-every`: brings brokers down and up, moves partition leaders (through a leaderless
// gap), queues retriable request errors, adds latency; logs each fault as one stderr line and
// heals everything once the plan is over. Owned and ticked by one thread (the broker command's main
// loop); the mock cluster must outlive it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "kafka/fault_plan.h"
#include "kafka/mock_cluster.h"

namespace clicklog::kafka {

class FaultInjector {
 public:
  FaultInjector(const MockCluster& cluster, FaultPlanConfig config);

  // Applies, in time order, every fault and every heal due at elapsed_ms since injection
  // started; once --faults-for has passed, heals all that is still broken (once).
  void tick(int64_t elapsed_ms);
  // Brokers up, latency off, moving leaders placed, pending request errors dropped.
  void heal_all();
  int injected(FaultKind kind) const { return counts_[static_cast<size_t>(kind)]; }
  // "12 faults injected (broker-down 3, leader-move 3, request-errors 3, latency 3)"
  std::string summary() const;

 private:
  struct Heal {
    int64_t at_ms;
    FaultKind kind;
    int32_t broker;          // brought up, sped up, or the partition's new leader
    std::string topic;       // leader-move
    int32_t partition = -1;  // leader-move
  };
  void apply(const Fault& f);
  void heal(const Heal& h);

  rd_kafka_mock_cluster_t* cluster_;
  FaultPlan plan_;
  std::optional<Fault> next_;
  std::vector<Heal> heals_;  // pending, unordered (a handful at most)
  std::array<int, kFaultKinds> counts_{};
  int64_t for_ms_;
  bool over_ = false;
};

}  // namespace clicklog::kafka
