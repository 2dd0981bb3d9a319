// Cassandra's Murmur3Partitioner token of a partition key: the first 64-bit half of
// MurmurHash3 x64/128 (seed 0), computed the way Cassandra computes it, where the tail bytes
// are sign-extended before shifting (Java bytes are signed) so keys whose tail has bytes >= 0x80
// hash differently from the reference MurmurHash3. Long.MIN_VALUE maps to Long.MAX_VALUE.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clicklog::cql {

int64_t murmur3_token(std::string_view partition_key);

// The bytes Cassandra hashes for a partition key: the one component's serialized value, or for
// a composite key each component as [2-byte length][value][0x00].
std::string routing_key(const std::vector<std::string_view>& components);

}  // namespace clicklog::cql
