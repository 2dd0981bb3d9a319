#include "kafka/fault_injector.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/duration.h"
#include "common/log.h"

namespace clicklog::kafka {

namespace {
const char* api_name(int16_t key) {
  switch (key) {
    case api::kFetch:
      return "Fetch";
    case api::kOffsetCommit:
      return "OffsetCommit";
    case api::kHeartbeat:
      return "Heartbeat";
    default:
      return "Unknown";
  }
}

void check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err) log::warn("fault injection: {}: {}", what, rd_kafka_err2str(err));
}
}  // namespace

FaultInjector::FaultInjector(const MockCluster& cluster, FaultPlanConfig config)
    : cluster_(cluster.raw()), plan_(config), for_ms_(config.for_ms) {
  next_ = plan_.next();
}

void FaultInjector::tick(int64_t elapsed_ms) {
  for (;;) {
    auto h = std::min_element(heals_.begin(), heals_.end(),
                              [](const Heal& a, const Heal& b) { return a.at_ms < b.at_ms; });
    const bool heal_due = h != heals_.end() && h->at_ms <= elapsed_ms;
    const bool fault_due = next_ && next_->at_ms <= elapsed_ms;
    // On a tie the heal goes first: the plan counted that broker as up again.
    if (heal_due && (!fault_due || h->at_ms <= next_->at_ms)) {
      const Heal done = *h;
      heals_.erase(h);
      heal(done);
    } else if (fault_due) {
      apply(*next_);
      next_ = plan_.next();
    } else {
      break;
    }
  }
  if (!over_ && for_ms_ > 0 && elapsed_ms >= for_ms_) {
    heal_all();
    over_ = true;
    log::info("fault injection over after {}: cluster healed; {}", format_duration(for_ms_),
              summary());
  }
}

void FaultInjector::apply(const Fault& f) {
  const int n = ++counts_[static_cast<size_t>(f.kind)];
  const auto kind = fault_kind_name(f.kind);
  const std::string lasting = format_duration(f.until_ms - f.at_ms);
  switch (f.kind) {
    case FaultKind::kBrokerDown:
      check(rd_kafka_mock_broker_set_down(cluster_, f.broker), "broker down");
      heals_.push_back({f.until_ms, f.kind, f.broker});
      log::info("fault {} #{}: broker {} down for {}", kind, n, f.broker, lasting);
      break;
    case FaultKind::kLeaderMove:
      check(rd_kafka_mock_partition_set_leader(cluster_, f.topic.c_str(), f.partition, -1),
            "unset leader");
      heals_.push_back({f.until_ms, f.kind, f.broker, f.topic, f.partition});
      log::info("fault {} #{}: {}[{}] without a leader for {}, then led by broker {}", kind, n,
                f.topic, f.partition, lasting, f.broker);
      break;
    case FaultKind::kRequestErrors: {
      const std::vector<rd_kafka_resp_err_t> errors(static_cast<size_t>(f.count),
                                                    static_cast<rd_kafka_resp_err_t>(f.error));
      rd_kafka_mock_push_request_errors_array(cluster_, f.api_key, errors.size(), errors.data());
      log::info("fault {} #{}: the next {} {} requests fail with {}", kind, n, f.count,
                api_name(f.api_key), rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(f.error)));
      break;
    }
    case FaultKind::kLatency:
      check(rd_kafka_mock_broker_set_rtt(cluster_, f.broker, f.rtt_ms), "set latency");
      heals_.push_back({f.until_ms, f.kind, f.broker});
      log::info("fault {} #{}: broker {} answers {} ms late for {}", kind, n, f.broker, f.rtt_ms,
                lasting);
      break;
  }
}

void FaultInjector::heal(const Heal& h) {
  if (h.kind == FaultKind::kBrokerDown) {
    check(rd_kafka_mock_broker_set_up(cluster_, h.broker), "broker up");
    log::info("healed: broker {} up again", h.broker);
  } else if (h.kind == FaultKind::kLeaderMove) {
    check(rd_kafka_mock_partition_set_leader(cluster_, h.topic.c_str(), h.partition, h.broker),
          "set leader");
    log::info("healed: {}[{}] led by broker {}", h.topic, h.partition, h.broker);
  } else {
    check(rd_kafka_mock_broker_set_rtt(cluster_, h.broker, 0), "reset latency");
    log::info("healed: broker {} answers without delay again", h.broker);
  }
}

void FaultInjector::heal_all() {
  for (const auto& h : heals_) heal(h);
  heals_.clear();
  for (int16_t key : {api::kFetch, api::kOffsetCommit, api::kHeartbeat}) {
    rd_kafka_mock_clear_request_errors(cluster_, key);
  }
  next_.reset();
}

std::string FaultInjector::summary() const {
  int total = 0;
  std::vector<std::string> parts;
  for (int k = 0; k < kFaultKinds; ++k) {
    total += counts_[static_cast<size_t>(k)];
    parts.push_back(fmt::format("{} {}", fault_kind_name(static_cast<FaultKind>(k)),
                                counts_[static_cast<size_t>(k)]));
  }
  return fmt::format("{} faults injected ({})", total, fmt::join(parts, ", "));
}

}  // namespace clicklog::kafka
