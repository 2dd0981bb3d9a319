// A checkpoint through the state topic's chunks: it comes back whole from records in any
// order, a publication cut short by a crash falls back to the previous whole checkpoint,
// other groups' and foreign records are ignored, and the whole-checkpoint codec round-trips
// and refuses damaged bytes.
#include "job/state_chunks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "job/checkpoint_codec.h"

namespace clicklog::job {
namespace {

std::string bytes_of(size_t n, uint8_t seed) {
  std::string s(n, '\0');
  std::mt19937 rng(seed);
  for (char& ch : s) ch = static_cast<char>(rng());
  return s;
}

void feed(ChunkAssembler& a, const std::vector<KeyedRecord>& records) {
  for (const auto& r : records) a.add(r.key, std::string_view(r.value));
}

TEST(StateChunks, SplitsIntoBoundedChunksAndReassemblesInAnyOrder) {
  const std::string blob = bytes_of(10'000, 1);
  auto records = split_checkpoint("g1", 7, blob, 3'000);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].key, "g1/1/0");
  EXPECT_EQ(records[3].key, "g1/1/3");
  for (const auto& r : records) EXPECT_LE(r.value.size(), 3'000u + 17u);
  std::mt19937 rng(3);
  std::shuffle(records.begin(), records.end(), rng);
  ChunkAssembler a("g1");
  feed(a, records);
  auto got = a.newest();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->sequence, 7u);
  EXPECT_EQ(got->bytes, blob);
  EXPECT_EQ(a.malformed(), 0u);
}

TEST(StateChunks, AnEmptyCheckpointIsOneChunk) {
  ChunkAssembler a("g");
  feed(a, split_checkpoint("g", 1, "", 100));
  ASSERT_TRUE(a.newest());
  EXPECT_EQ(a.newest()->bytes, "");
}

TEST(StateChunks, NewestWholeCheckpointWinsAndAHalfPublishedOneFallsBack) {
  const std::string old_blob = bytes_of(5'000, 2), new_blob = bytes_of(5'000, 3),
                    newer_blob = bytes_of(9'000, 4);
  ChunkAssembler a("g");
  feed(a, split_checkpoint("g", 10, old_blob, 1'000));
  feed(a, split_checkpoint("g", 11, new_blob, 1'000));
  ASSERT_EQ(a.newest()->sequence, 11u);
  EXPECT_EQ(a.newest()->bytes, new_blob);
  // Checkpoint 12 shares parity with 10 and is cut short: 11 stays the answer.
  auto partial = split_checkpoint("g", 12, newer_blob, 1'000);
  partial.resize(5);
  feed(a, partial);
  EXPECT_EQ(a.newest()->sequence, 11u);
  EXPECT_EQ(a.newest()->bytes, new_blob);
  // A late duplicate of an older chunk (a replayed produce) does not undo a newer one.
  feed(a, split_checkpoint("g", 10, old_blob, 1'000));
  EXPECT_EQ(a.newest()->sequence, 11u);
}

TEST(StateChunks, FewerChunksThanBeforeLeaveNoStaleTail) {
  ChunkAssembler a("g");
  feed(a, split_checkpoint("g", 2, bytes_of(9'000, 5), 1'000));  // 9 chunks, parity 0
  const std::string small = bytes_of(1'500, 6);
  feed(a, split_checkpoint("g", 4, small, 1'000));  // 2 chunks, parity 0 again
  ASSERT_TRUE(a.newest());
  EXPECT_EQ(a.newest()->sequence, 4u);
  EXPECT_EQ(a.newest()->bytes, small);
}

TEST(StateChunks, OtherGroupsAndForeignRecordsAreIgnored) {
  ChunkAssembler a("orders");
  feed(a, split_checkpoint("orders-2", 5, "other group", 100));
  EXPECT_FALSE(a.newest());
  a.add("orders/0/0", std::string_view("not a chunk"));
  a.add("orders/7/0", std::string_view(split_checkpoint("orders", 3, "x", 100)[0].value));
  a.add("orders/0/x", std::string_view("?"));
  a.add("orders/1/0", std::nullopt);  // a tombstone
  EXPECT_EQ(a.malformed(), 4u);
  EXPECT_FALSE(a.newest());
  feed(a, split_checkpoint("orders", 3, "mine", 100));
  EXPECT_EQ(a.newest()->bytes, "mine");
}

TEST(CheckpointCodec, RoundTripsAndRefusesDamagedBytes) {
  const Checkpoint c{.cluster_id = "cid",
                     .topic = "clicklog",
                     .engine = bytes_of(300, 7),
                     .watermarks = "wm",
                     .offsets = {{0, 5}, {63, 1'000'000'000'000}},
                     .last_emitted_end_ms = 1'795'737'610'000,
                     .sequence = 42};
  const std::string bytes = encode_checkpoint(c);
  auto back = decode_checkpoint(bytes, "test");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->cluster_id, c.cluster_id);
  EXPECT_EQ(back->topic, c.topic);
  EXPECT_EQ(back->engine, c.engine);
  EXPECT_EQ(back->watermarks, c.watermarks);
  EXPECT_EQ(back->offsets, c.offsets);
  EXPECT_EQ(back->last_emitted_end_ms, c.last_emitted_end_ms);
  EXPECT_EQ(back->sequence, 42u);
  for (size_t cut : {size_t{0}, size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(decode_checkpoint(bytes.substr(0, cut), "test")) << "cut at " << cut;
  }
  auto other_version = bytes;
  other_version[0] = 9;
  auto refused = decode_checkpoint(other_version, "state topic t");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("state topic t has format version 9"), std::string::npos);
  EXPECT_FALSE(decode_checkpoint(bytes + "x", "test"));
}

}  // namespace
}  // namespace clicklog::job
