#include "job/checkpoint_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "job/checkpoint_codec.h"

namespace clicklog::job {
namespace {

namespace fs = std::filesystem;
// The whole checkpoint is one value (checkpoint_codec.h), so a Put is the atomic unit. Builds
// before the state topic kept it in parts under these keys; such a folder is refused by name.
constexpr const char* kCheckpoint = "checkpoint";
constexpr const char* kOldMeta = "meta";

}  // namespace

// An advisory lock on <dir>/instance.lock, held for the store's life: tells a second job
// that the folder is taken before RocksDB's own lock would fail less readably.
struct CheckpointStore::Lock {
  explicit Lock(int fd) : fd(fd) {}
  ~Lock() { ::close(fd); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;
  int fd;
};

CheckpointStore::CheckpointStore(std::string dir, std::unique_ptr<Lock> lock,
                                 std::unique_ptr<rocksdb::DB> db)
    : dir_(std::move(dir)), lock_(std::move(lock)), db_(std::move(db)) {}
CheckpointStore::CheckpointStore(CheckpointStore&&) noexcept = default;
CheckpointStore& CheckpointStore::operator=(CheckpointStore&&) noexcept = default;
CheckpointStore::~CheckpointStore() {
  db_.reset();  // RocksDB closes before the folder's lock is released
  lock_.reset();
}

Result<CheckpointStore> CheckpointStore::open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{fmt::format("state folder {}: {}", dir, ec.message())};
  const std::string lock_path = (fs::path(dir) / "instance.lock").string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error{fmt::format("state folder {}: {}", dir, std::strerror(errno))};
  auto lock = std::make_unique<Lock>(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    return Error{
        fmt::format("state folder {} is in use by another clicklog job (give this one "
                    "its own --state-dir)",
                    dir)};
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.keep_log_file_num = 2;
  options.max_manifest_file_size = 4 << 20;
  rocksdb::DB* raw = nullptr;
  const auto st = rocksdb::DB::Open(options, (fs::path(dir) / "checkpoint").string(), &raw);
  if (!st.ok()) return Error{fmt::format("state folder {}: {}", dir, st.ToString())};
  return CheckpointStore(dir, std::move(lock), std::unique_ptr<rocksdb::DB>(raw));
}

Result<CheckpointStore> CheckpointStore::open_first_free(const std::string& base) {
  constexpr int kSlots = 64;
  for (int slot = 1;; ++slot) {
    const std::string dir = slot == 1 ? base : fmt::format("{}.{}", base, slot);
    auto store = open(dir);
    if (store || slot == kSlots || store.error().message.find("in use") == std::string::npos) {
      return store;
    }
  }
}

Result<std::optional<Checkpoint>> CheckpointStore::load() const {
  std::string value;
  const auto st = db_->Get(rocksdb::ReadOptions(), kCheckpoint, &value);
  if (st.IsNotFound()) {
    if (db_->Get(rocksdb::ReadOptions(), kOldMeta, &value).ok()) {
      return Error{
          fmt::format("checkpoint in {} was written by an older clicklog (format 1); "
                      "remove the folder to start afresh from the group's offsets",
                      dir_)};
    }
    return std::optional<Checkpoint>{};
  }
  if (!st.ok()) return Error{fmt::format("checkpoint in {}: {}", dir_, st.ToString())};
  auto c = decode_checkpoint(value, fmt::format("checkpoint in {}", dir_));
  if (!c) return c.error();
  return std::optional<Checkpoint>(std::move(*c));
}

Status CheckpointStore::save(const Checkpoint& c) {
  return save_encoded(encode_checkpoint(c));
}

Status CheckpointStore::save_encoded(std::string_view bytes) {
  rocksdb::WriteOptions options;
  options.sync = true;
  const rocksdb::Slice value(bytes.data(), bytes.size());
  if (auto st = db_->Put(options, kCheckpoint, value); !st.ok()) {
    return Error{fmt::format("saving checkpoint in {}: {}", dir_, st.ToString())};
  }
  return {};
}

std::string default_state_dir(const std::string& group) {
  fs::path base;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".local" / "state";
  } else {
    base = fs::temp_directory_path();
  }
  std::string name = group;
  for (char& ch : name) {
    const bool plain =
        std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
    if (!plain) ch = '_';
  }
  if (name.empty() || name == "." || name == "..") name = "_" + name;
  return (base / "clicklog" / name).string();
}

}  // namespace clicklog::job
