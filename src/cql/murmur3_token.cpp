#include "cql/murmur3_token.h"

#include <limits>

namespace clicklog::cql {

namespace {

constexpr uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr uint64_t kC2 = 0x4cf5ad432745937fULL;

constexpr uint64_t rotl(uint64_t v, int r) {
  return (v << r) | (v >> (64 - r));
}

constexpr uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

uint64_t block(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A tail byte as Java sees it: signed, then widened to 64 bits (sign-extending).
uint64_t signed_byte(unsigned char b) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(b)));
}

}  // namespace

int64_t murmur3_token(std::string_view key) {
  const auto* data = reinterpret_cast<const unsigned char*>(key.data());
  const size_t length = key.size();
  const size_t nblocks = length / 16;
  uint64_t h1 = 0;
  uint64_t h2 = 0;

  for (size_t i = 0; i < nblocks; ++i) {
    uint64_t k1 = block(data + i * 16);
    uint64_t k2 = block(data + i * 16 + 8);
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
    h1 = rotl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
    h2 = rotl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }

  const unsigned char* tail = data + nblocks * 16;
  const size_t rest = length & 15;
  uint64_t k1 = 0;
  uint64_t k2 = 0;
  for (size_t i = rest; i > 8; --i) k2 ^= signed_byte(tail[i - 1]) << (8 * (i - 9));
  if (rest > 8) {
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
  }
  for (size_t i = rest < 8 ? rest : 8; i > 0; --i) k1 ^= signed_byte(tail[i - 1]) << (8 * (i - 1));
  if (rest > 0) {
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
  }

  h1 ^= length;
  h2 ^= length;
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;

  auto token = static_cast<int64_t>(h1);
  // The partitioner reserves the minimum token for "before every key".
  if (token == std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::max();
  return token;
}

std::string routing_key(const std::vector<std::string_view>& components) {
  if (components.size() == 1) return std::string(components[0]);
  std::string out;
  for (auto c : components) {
    out.push_back(static_cast<char>((c.size() >> 8) & 0xff));
    out.push_back(static_cast<char>(c.size() & 0xff));
    out.append(c);
    out.push_back('\0');
  }
  return out;
}

}  // namespace clicklog::cql
