// CheckpointStore: the streaming job's durable checkpoint, a small RocksDB in a local state
// folder. A checkpoint is the window engine's state, the watermark tracker's, the next offset
// to read per partition and the last window end emitted; save() writes all of it as one synced
// value, so after a crash (even SIGKILL) the folder holds either the old checkpoint or the
// new one, whole. The folder is locked while open: one job instance per folder.
// Owned by the job's consumer thread; closed with it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "job/checkpoint.h"

namespace rocksdb {
class DB;
}

namespace clicklog::job {

class CheckpointStore {
 public:
  // Opens (creating it if need be) the checkpoint under `dir`; an error when another process
  // holds it.
  static Result<CheckpointStore> open(const std::string& dir);
  // The first of `base`, `base.2`, `base.3`... that no other process holds: the default folder
  // of a group, so that several instances of one group can run on one machine.
  static Result<CheckpointStore> open_first_free(const std::string& base);

  CheckpointStore(CheckpointStore&&) noexcept;
  CheckpointStore& operator=(CheckpointStore&&) noexcept;
  ~CheckpointStore();

  // The last checkpoint saved here, nullopt when there is none.
  Result<std::optional<Checkpoint>> load() const;
  // Writes `checkpoint` atomically and durably (fsync of the write-ahead log).
  Status save(const Checkpoint& checkpoint);
  // The same for a checkpoint already in its byte form (encode_checkpoint).
  Status save_encoded(std::string_view bytes);

  const std::string& dir() const { return dir_; }

 private:
  struct Lock;
  CheckpointStore(std::string dir, std::unique_ptr<Lock> lock, std::unique_ptr<rocksdb::DB> db);

  std::string dir_;
  std::unique_ptr<Lock> lock_;
  std::unique_ptr<rocksdb::DB> db_;
};

// ${XDG_STATE_HOME:-$HOME/.local/state}/clicklog/<group>: where a job keeps its checkpoint when
// --state-dir is not given. Characters other than [A-Za-z0-9._-] in the group become '_'.
std::string default_state_dir(const std::string& group);

}  // namespace clicklog::job
