#include "job/checkpointer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "common/metrics.h"
#include "common/time_format.h"

namespace clicklog::job {

Result<Checkpointer> Checkpointer::open(const CheckpointOptions& options, const std::string& group,
                                        const std::string& cluster_id, const std::string& topic,
                                        Processor& processor, int64_t now_ms) {
  const auto began = std::chrono::steady_clock::now();
  auto store = options.state_dir.empty()
                   ? CheckpointStore::open_first_free(default_state_dir(group))
                   : CheckpointStore::open(options.state_dir);
  if (!store) return store.error();
  auto loaded = store->load();
  if (!loaded) return loaded.error();
  Checkpointer c(options, cluster_id, topic, std::move(*store));
  c.last_saved_ms_ = now_ms;
  if (!*loaded) {
    log::info("no checkpoint in {} yet: starting from the group's offsets", c.dir());
    return c;
  }
  Checkpoint& saved = **loaded;
  if (saved.cluster_id != cluster_id) {
    log::warn("the checkpoint in {} was taken on Kafka cluster '{}', this is '{}': its offsets "
              "mean nothing here, starting without it (it is replaced at the next checkpoint)",
              c.dir(), saved.cluster_id, cluster_id);
    return c;
  }
  if (saved.topic != topic) {
    return Error{fmt::format("state folder {} holds a checkpoint of topic {}, not {} (give this job "
                             "its own --state-dir)", c.dir(), saved.topic, topic)};
  }
  if (auto st = processor.restore(saved.engine, saved.watermarks); !st) {
    return Error{fmt::format("checkpoint in {}: {}", c.dir(), st.message())};
  }
  c.positions_ = std::move(saved.offsets);
  c.last_emitted_ = saved.last_emitted_end_ms;
  c.sequence_ = saved.sequence;
  log::info("restored checkpoint #{} from {} in {:.1f} ms: {} partition position(s), {} bytes "
            "of window state, last window emitted {}",
            c.sequence_, c.dir(),
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count(),
            c.positions_.size(), saved.engine.size(),
            c.last_emitted_ ? format_rfc3339_utc(*c.last_emitted_) : std::string("none"));
  return c;
}

std::string Checkpointer::cost() const {
  return fmt::format("{} checkpoint(s) in this run, {:.1f} ms in all, at most {:.1f} ms and {} bytes",
                     runs_saved_, total_ms_, max_ms_, max_bytes_);
}

std::optional<int64_t> Checkpointer::position(int32_t partition) const {
  const auto it = positions_.find(partition);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

Status Checkpointer::save(const Processor& processor, int64_t now_ms) {
  static auto& saved_total = metrics::counter("clicklog_checkpoints_total", "Checkpoints saved");
  const auto began = std::chrono::steady_clock::now();
  Checkpoint c{.cluster_id = cluster_id_,
               .topic = topic_,
               .engine = processor.engine().save(),
               .watermarks = processor.watermarks().save(),
               .offsets = positions_,
               .last_emitted_end_ms = last_emitted_,
               .sequence = sequence_ + 1};
  if (auto st = store_.save(c); !st) return st;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  ++runs_saved_;
  max_bytes_ = std::max(max_bytes_, c.engine.size() + c.watermarks.size());
  max_ms_ = std::max(max_ms_, ms);
  total_ms_ += ms;
  ++sequence_;
  last_saved_ms_ = now_ms;
  saved_total.add();
  return {};
}

}  // namespace clicklog::job
