#include "job/checkpointer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "common/metrics.h"
#include "common/time_format.h"
#include "job/checkpoint_codec.h"

namespace clicklog::job {

Result<std::optional<Checkpoint>> Checkpointer::choose(const Checkpointer& c,
                                                       std::optional<Checkpoint> local,
                                                       std::string& source) {
  source = c.dir();
  const auto usable = [&](const std::optional<Checkpoint>& saved, const std::string& where) {
    if (!saved) return false;
    if (saved->cluster_id == c.cluster_id_) return true;
    log::warn(
        "the checkpoint in {} was taken on Kafka cluster '{}', this is '{}': its offsets "
        "mean nothing here, starting without it (it is replaced at the next checkpoint)",
        where, saved->cluster_id, c.cluster_id_);
    return false;
  };
  if (!usable(local, c.dir())) local.reset();
  if (c.state_topic_) {
    const std::string where = fmt::format("state topic {}", c.state_topic_->topic());
    auto remote = c.state_topic_->fetch();
    if (!remote) return remote.error();
    if (usable(*remote, where) && (!local || (*remote)->sequence > local->sequence)) {
      log::info("checkpoint #{} in {} is newer than this folder's ({}): resuming from it",
                (*remote)->sequence, where, local ? fmt::format("#{}", local->sequence) : "none");
      source = where;
      return std::move(*remote);
    }
  }
  return local;
}

Result<Checkpointer> Checkpointer::open(const CheckpointOptions& options, const std::string& group,
                                        const std::string& cluster_id, const std::string& topic,
                                        Processor& processor, int64_t now_ms,
                                        StateTopic* state_topic) {
  const auto began = std::chrono::steady_clock::now();
  // A static member's checkpoint is its own: the same id finds it again on restart.
  auto store = !options.state_dir.empty() ? CheckpointStore::open(options.state_dir)
               : !options.instance_id.empty()
                   ? CheckpointStore::open(default_state_dir(group) + "@" + options.instance_id)
                   : CheckpointStore::open_first_free(default_state_dir(group));
  if (!store) return store.error();
  auto loaded = store->load();
  if (!loaded) return loaded.error();
  Checkpointer c(options, cluster_id, topic, std::move(*store), state_topic);
  c.last_saved_ms_ = now_ms;
  std::string source;
  auto chosen = choose(c, std::move(*loaded), source);
  if (!chosen) return chosen.error();
  if (!*chosen) {
    log::info("no checkpoint in {}{} yet: starting from the group's offsets", c.dir(),
              state_topic ? fmt::format(" or state topic {}", state_topic->topic()) : "");
    return c;
  }
  Checkpoint& saved = **chosen;
  if (saved.topic != topic) {
    return Error{
        fmt::format("{} holds a checkpoint of topic {}, not {} (give this job its own "
                    "--state-dir and --group)",
                    source, saved.topic, topic)};
  }
  if (auto st = processor.restore(saved.engine, saved.watermarks, saved.user_windows); !st) {
    return Error{fmt::format("checkpoint in {}: {}", source, st.message())};
  }
  c.positions_ = std::move(saved.offsets);
  c.last_emitted_ = saved.last_emitted_end_ms;
  c.sequence_ = saved.sequence;
  log::info(
      "restored checkpoint #{} from {} in {:.1f} ms: {} partition position(s), {} bytes "
      "of window state, last window emitted {}",
      c.sequence_, source,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count(),
      c.positions_.size(), saved.engine.size(),
      c.last_emitted_ ? format_rfc3339_utc(*c.last_emitted_) : std::string("none"));
  return c;
}

std::string Checkpointer::cost() const {
  return fmt::format(
      "{} checkpoint(s) in this run, {:.1f} ms in all, at most {:.1f} ms and {} bytes", runs_saved_,
      total_ms_, max_ms_, max_bytes_);
}

std::optional<int64_t> Checkpointer::position(int32_t partition) const {
  const auto it = positions_.find(partition);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

Status Checkpointer::save(const Processor& processor, int64_t now_ms, bool sole_member) {
  static auto& saved_total = metrics::counter("clicklog_checkpoints_total", "Checkpoints saved");
  const auto began = std::chrono::steady_clock::now();
  Checkpoint c{.cluster_id = cluster_id_,
               .topic = topic_,
               .engine = processor.engine().save(),
               .watermarks = processor.watermarks().save(),
               .user_windows = processor.save_user_windows(),
               .offsets = positions_,
               .last_emitted_end_ms = last_emitted_,
               .sequence = sequence_ + 1};
  const std::string bytes = encode_checkpoint(c);
  if (auto st = store_.save_encoded(bytes); !st) return st;
  if (state_topic_ && sole_member) {
    if (auto st = state_topic_->publish(c.sequence, bytes); !st) return st;
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  ++runs_saved_;
  max_bytes_ = std::max(max_bytes_, c.engine.size() + c.watermarks.size() + c.user_windows.size());
  max_ms_ = std::max(max_ms_, ms);
  total_ms_ += ms;
  ++sequence_;
  last_saved_ms_ = now_ms;
  saved_total.add();
  return {};
}

}  // namespace clicklog::job
