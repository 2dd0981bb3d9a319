#!/usr/bin/env python3
"""Writes data/murmur3_tokens.tsv: partition keys (hex) and the Murmur3Partitioner token that an
independent implementation, the Python cassandra-driver's cassandra.murmur3, computes for them.

  python3 -m venv /tmp/cqlvenv && /tmp/cqlvenv/bin/pip install cassandra-driver
  /tmp/cqlvenv/bin/python tests/cql/gen_murmur3_vectors.py > tests/cql/data/murmur3_tokens.tsv
"""
import random
import struct

from cassandra.murmur3 import murmur3


def keys():
    rng = random.Random(20260101)
    # Every tail length, with bytes of both signs so the signed-byte tail handling shows.
    for length in range(0, 50):
        yield bytes(rng.randrange(256) for _ in range(length))
        yield bytes(0x80 | rng.randrange(128) for _ in range(length))
    for v in [0, 1, -1, 42, 2**31 - 1, -2**31, 2**63 - 1, -2**63, 1234567890123]:
        yield struct.pack(">q", v)  # bigint partition keys
    for v in [0, 1, -1, 7, 2**31 - 1]:
        yield struct.pack(">i", v)  # int partition keys
    for s in ["", "a", "paris", "hotel-17", "user-42", "héllo wörld", "日本語のキー"]:
        yield s.encode("utf-8")


def main():
    print("# key_hex\ttoken  (from cassandra-driver's cassandra.murmur3)")
    for k in keys():
        print(f"{k.hex() or '-'}\t{murmur3(k)}")


if __name__ == "__main__":
    main()
