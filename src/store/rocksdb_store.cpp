#include "store/rocksdb_store.h"

#include <fmt/format.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include "common/log.h"
#include "store/rocksdb_keys.h"

namespace clicklog::store {

namespace {

namespace fs = std::filesystem;
constexpr size_t kScanPage = 8192;

rocksdb::Options base_options() {
  rocksdb::Options o;
  o.IncreaseParallelism(2);
  o.OptimizeLevelStyleCompaction();
  // Clicks of random users land all over the key space: a skip list pays a search per insert,
  // a vector appends and sorts once when the memtable is flushed. Reads from the memtable
  // (only the daily query's catch-up and the job's start) sort a copy, which they can afford.
  o.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
  o.allow_concurrent_memtable_write = false;
  const auto supported = rocksdb::GetSupportedCompressions();
  if (std::find(supported.begin(), supported.end(), rocksdb::kLZ4Compression) != supported.end()) {
    o.compression = rocksdb::kLZ4Compression;
  }
  return o;
}

// A temporary directory for the secondary instance's own log files, removed with the store.
class TempDir {
 public:
  static Result<TempDir> make(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (!mkdtemp(pattern.data())) return Error{fmt::format("cannot create {}", pattern)};
    return TempDir(pattern);
  }
  TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

class RocksDbStore final : public Store {
 public:
  RocksDbStore(std::string uri, std::string path, Role role)
      : uri_(std::move(uri)), path_(std::move(path)), role_(role) {}

  Status open() {
    std::error_code ec;
    const std::string clicks_path = (fs::path(path_) / "clicks").string();
    if (role_ == Role::kIngest) {
      fs::create_directories(path_, ec);
      if (ec)
        return Error{fmt::format("store {}: cannot create {}: {}", uri_, path_, ec.message())};
      rocksdb::Options o = base_options();
      o.create_if_missing = true;
      rocksdb::DB* db = nullptr;
      if (auto st = check(rocksdb::DB::Open(o, clicks_path, &db)); !st) return st;
      clicks_.reset(db);
      return {};
    }
    if (!fs::exists(fs::path(clicks_path) / "CURRENT", ec)) {
      return Error{
          fmt::format("store {}: no clicks saved under {} (run `clicklog run --store {}` "
                      "first)",
                      uri_, path_, uri_)};
    }
    auto dir = TempDir::make("clicklog-rocksdb-secondary-");
    if (!dir) return dir.error();
    secondary_dir_.emplace(std::move(*dir));
    rocksdb::Options o = base_options();
    o.max_open_files = -1;  // required for secondary instances
    rocksdb::DB* db = nullptr;
    if (auto st = check(rocksdb::DB::OpenAsSecondary(o, clicks_path, secondary_dir_->path(), &db));
        !st) {
      return st;
    }
    clicks_.reset(db);
    if (auto st = check(clicks_->TryCatchUpWithPrimary()); !st) return st;
    if (role_ == Role::kLookup) return {};
    rocksdb::Options r = base_options();
    r.create_if_missing = true;
    rocksdb::DB* results = nullptr;
    if (auto st = check(rocksdb::DB::Open(r, (fs::path(path_) / "results").string(), &results));
        !st) {
      return st;
    }
    results_.reset(results);
    return {};
  }

  ~RocksDbStore() override {
    // The next reader (a secondary instance) then finds the clicks in table files rather than
    // replaying the whole write-ahead log.
    if (clicks_ && role_ == Role::kIngest) {
      if (auto st = check(clicks_->Flush(rocksdb::FlushOptions())); !st)
        log::warn("{}", st.message());
    }
  }

  const std::string& describe() const override { return uri_; }

  Status save(std::span<const StoredClick> clicks, std::span<const LiveRow> live) override {
    if (role_ != Role::kIngest) return Error{fmt::format("store {}: opened for reading", uri_)};
    rocksdb::WriteBatch batch;
    std::string key;
    for (const StoredClick& c : clicks) {
      rocks::click_key(c, key);
      batch.Put(key, rocksdb::Slice(c.hotel.data(), c.hotel.size()));
    }
    for (const LiveRow& row : live) {
      batch.Put(rocks::user_key(rocks::kLive, row.day, row.user_id),
                rocksdb::Slice(row.hotel.data(), row.hotel.size()));
    }
    return check(clicks_->Write(rocksdb::WriteOptions(), &batch));
  }

  Status flush() override {
    if (role_ != Role::kIngest) return {};
    return check(clicks_->SyncWAL());
  }

  size_t day_slices() const override { return 1; }

  Status scan_day(int32_t day, DaySink& sink) override {
    const std::string begin = rocks::day_prefix(rocks::kClick, day);
    const std::string end = rocks::day_prefix(rocks::kClick, day + 1);
    const rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper;
    ro.fill_cache = false;
    ro.readahead_size = 4 << 20;
    std::unique_ptr<rocksdb::Iterator> it(clicks_->NewIterator(ro));
    std::vector<StoredClick> page;
    std::vector<std::pair<size_t, size_t>> spans;  // hotel bytes in `arena`
    std::string arena;
    page.reserve(kScanPage);
    const auto deliver = [&] {
      for (size_t i = 0; i < page.size(); ++i) {
        page[i].hotel = std::string_view(arena).substr(spans[i].first, spans[i].second);
      }
      sink.on_clicks(0, page);
      page.clear();
      spans.clear();
      arena.clear();
    };
    for (it->Seek(begin); it->Valid(); it->Next()) {
      auto click = rocks::parse_click_key(std::string_view(it->key().data(), it->key().size()));
      if (!click) return Error{fmt::format("store {}: malformed click key in day {}", uri_, day)};
      const rocksdb::Slice v = it->value();
      spans.emplace_back(arena.size(), v.size());
      arena.append(v.data(), v.size());
      page.push_back(*click);
      if (page.size() == kScanPage) deliver();
    }
    if (auto st = check(it->status()); !st) return st;
    if (!page.empty()) deliver();
    return {};
  }

  Status write_results(int32_t day, const std::vector<UserHotel>& rows) override {
    if (!results_)
      return Error{fmt::format("store {}: results are written by the daily query", uri_)};
    rocksdb::WriteBatch batch;
    batch.DeleteRange(rocks::day_prefix(rocks::kResult, day),
                      rocks::day_prefix(rocks::kResult, day + 1));
    for (const UserHotel& r : rows)
      batch.Put(rocks::user_key(rocks::kResult, day, r.user_id), r.hotel);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return check(results_->Write(wo, &batch));
  }

  Result<std::vector<UserHotel>> read_results(int32_t day) override {
    if (!results_) return Error{fmt::format("store {}: results are read by the daily query", uri_)};
    return read_users(*results_, rocks::kResult, day);
  }

  Result<std::vector<UserHotel>> read_live(int32_t day) override {
    return read_users(*clicks_, rocks::kLive, day);
  }

 private:
  Status check(const rocksdb::Status& s) const {
    if (s.ok()) return {};
    return Error{fmt::format("store {}: {}", uri_, s.ToString())};
  }

  Result<std::vector<UserHotel>> read_users(rocksdb::DB& db, char tag, int32_t day) {
    const std::string begin = rocks::day_prefix(tag, day);
    const std::string end = rocks::day_prefix(tag, day + 1);
    const rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
    std::vector<UserHotel> rows;
    for (it->Seek(begin); it->Valid(); it->Next()) {
      auto user = rocks::parse_user_key(std::string_view(it->key().data(), it->key().size()));
      if (!user) return Error{fmt::format("store {}: malformed key in day {}", uri_, day)};
      rows.push_back({*user, it->value().ToString()});
    }
    if (auto st = check(it->status()); !st) return Error{st.message()};
    return rows;
  }

  std::string uri_;
  std::string path_;
  Role role_;
  std::optional<TempDir> secondary_dir_;  // destroyed after the databases (declared before)
  std::unique_ptr<rocksdb::DB> clicks_;
  std::unique_ptr<rocksdb::DB> results_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_rocksdb_store(const std::string& uri, const std::string& path,
                                                  Role role) {
  auto store = std::make_unique<RocksDbStore>(uri, path, role);
  if (auto st = store->open(); !st) return Error{st.message()};
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace clicklog::store
