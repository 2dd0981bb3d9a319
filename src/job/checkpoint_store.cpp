#include "job/checkpoint_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "window/state_codec.h"

namespace clicklog::job {
namespace {

namespace fs = std::filesystem;
constexpr uint8_t kVersion = 1;
// One key per part; all written in one batch.
constexpr const char* kMeta = "meta";  // u8 version | topic | u64 sequence | cluster id
constexpr const char* kEngine = "engine";
constexpr const char* kWatermarks = "watermarks";
constexpr const char* kOffsets = "offsets";  // u32 n, each: i32 partition | i64 offset
constexpr const char* kEmitted = "last_emitted_end";  // u8 present | i64 end_ms

std::string encode_meta(const Checkpoint& c) {
  std::string out;
  window::StateWriter w(out);
  w.u8(kVersion), w.str(c.topic), w.i64(static_cast<int64_t>(c.sequence)), w.str(c.cluster_id);
  return out;
}

std::string encode_offsets(const std::map<int32_t, int64_t>& offsets) {
  std::string out;
  window::StateWriter w(out);
  w.u32(static_cast<uint32_t>(offsets.size()));
  for (const auto& [p, o] : offsets) w.i32(p), w.i64(o);
  return out;
}

std::string encode_emitted(const std::optional<int64_t>& end) {
  std::string out;
  window::StateWriter w(out);
  w.u8(end ? 1 : 0), w.i64(end.value_or(0));
  return out;
}

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
    return Error{fmt::format("state folder {} is in use by another clicklog job (give this one "
                             "its own --state-dir)", dir)};
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
  const auto get = [&](const char* key, std::string& value) {
    return db_->Get(rocksdb::ReadOptions(), key, &value);
  };
  std::string meta, offsets, emitted;
  Checkpoint c;
  if (auto st = get(kMeta, meta); st.IsNotFound()) {
    return std::optional<Checkpoint>{};
  } else if (!st.ok()) {
    return Error{fmt::format("checkpoint in {}: {}", dir_, st.ToString())};
  }
  for (auto [key, value] : {std::pair{kEngine, &c.engine}, {kWatermarks, &c.watermarks},
                            {kOffsets, &offsets}, {kEmitted, &emitted}}) {
    if (auto st = get(key, *value); !st.ok()) {
      return Error{fmt::format("checkpoint in {}: {}: {}", dir_, key, st.ToString())};
    }
  }
  window::StateReader m(meta);
  if (const uint8_t v = m.u8(); m.ok() && v != kVersion) {
    return Error{fmt::format("checkpoint in {} has version {}; this build reads {}", dir_, v, kVersion)};
  }
  c.topic = std::string(m.str());
  c.sequence = static_cast<uint64_t>(m.i64());
  c.cluster_id = std::string(m.str());
  window::StateReader o(offsets);
  for (uint32_t i = 0, n = o.count(12); i < n && o.ok(); ++i) {
    const int32_t p = o.i32();
    c.offsets[p] = o.i64();
  }
  window::StateReader e(emitted);
  const bool has_emitted = e.u8() == 1;
  const int64_t end = e.i64();
  if (has_emitted) c.last_emitted_end_ms = end;
  if (!m.at_end() || !o.at_end() || !e.at_end()) {
    return Error{fmt::format("checkpoint in {} is corrupt", dir_)};
  }
  return std::optional<Checkpoint>(std::move(c));
}

Status CheckpointStore::save(const Checkpoint& c) {
  rocksdb::WriteBatch batch;
  batch.Put(kMeta, encode_meta(c));
  batch.Put(kEngine, c.engine);
  batch.Put(kWatermarks, c.watermarks);
  batch.Put(kOffsets, encode_offsets(c.offsets));
  batch.Put(kEmitted, encode_emitted(c.last_emitted_end_ms));
  rocksdb::WriteOptions options;
  options.sync = true;
  if (auto st = db_->Write(options, &batch); !st.ok()) {
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
    const bool plain = std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
    if (!plain) ch = '_';
  }
  if (name.empty() || name == "." || name == "..") name = "_" + name;
  return (base / "clicklog" / name).string();
}

}  // namespace clicklog::job
