#!/usr/bin/env python3
"""Checks our Avro schema identity and fast codec against implementations we did not write.

fastavro gives the Parsing Canonical Form, the CRC-64-AVRO fingerprint, and the binary encoding
and decoding of random records; Debian's python3-avro (run under /usr/bin/python3) gives the
canonical form and the binary encoding once more. Our side is avro_peer_tool (tests/avro).

    fingerprint_peer.py --tool build/.../avro_peer_tool --schema schema/clicklog.avsc

Runs itself inside the test venv (scripts/python-env) when fastavro is not importable here.
Exits 0 when everything matches, 1 with the differences otherwise.
"""
import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = "/usr/bin/python3"

# Schemas beyond ClickLog, to hold the canonical form to the specification's rules in general.
SAMPLE_SCHEMAS = [
    '"int"',
    '{"type": "string", "doc": "dropped"}',
    '{"type": "map", "values": {"type": "array", "items": ["null", "bytes"]}}',
    '{"type": "enum", "name": "Suit", "namespace": "cards", "symbols": ["SPADES", "HEARTS"],'
    ' "doc": "x", "aliases": ["OldSuit"]}',
    '{"type": "fixed", "name": "md5", "size": 16, "namespace": "h"}',
    '{"fields": [{"default": 0, "type": "long", "name": "n", "order": "ignore"}],'
    ' "name": "Rec", "type": "record", "namespace": "a.b", "doc": "order of keys shuffled"}',
    '{"type": "record", "name": "Outer", "namespace": "a.b", "fields": ['
    ' {"name": "x", "type": {"type": "enum", "name": "E", "symbols": ["P", "Q"]}},'
    ' {"name": "y", "type": {"type": "fixed", "name": "F", "namespace": "c", "size": 4}},'
    ' {"name": "z", "type": {"type": "record", "name": "d.Inner", "fields": ['
    '   {"name": "again", "type": ["null", "Inner"]}]}},'
    ' {"name": "refs", "type": ["E", "c.F", "d.Inner", "null"]}]}',
]

FIELDS = ["user_id", "time", "action", "destination", "hotel"]
PIECES = ["paris", "h-17", "search", "click", "é", "日本", "🏨", "Zürich", "Москва",
          "2026-11-27T23:01:43.123Z", " ", '"', "\\", "\x00"]


def random_text(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return ""
    if kind == 1:
        return "".join(rng.choice(PIECES) for _ in range(rng.randrange(40, 800)))
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 7)))


def random_user_id(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice([-(2**63), -(2**63) + 1, 2**63 - 1, 2**63 - 2])
    if kind == 1:
        edge = 2 ** (7 * rng.randrange(1, 10) - 1)
        return rng.choice([edge - 1, edge, -edge, -edge - 1])
    return rng.randrange(-(2**63), 2**63)


def random_records(count, seed):
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        record = {"user_id": random_user_id(rng) if rng.random() < 0.85 else None}
        for field in FIELDS[1:]:
            record[field] = random_text(rng) if rng.random() < 0.85 else None
        records.append(record)
    return records


def run(cmd, stdin=""):
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} {' '.join(cmd[1:2])} failed: {done.stderr.strip()}")
    return done.stdout.splitlines()


def debian_avro_main():
    """Under /usr/bin/python3: canonical form of argv[2], then raw encodings of stdin records."""
    import avro.io
    import avro.schema

    schema = avro.schema.parse(Path(sys.argv[2]).read_text())
    print(schema.canonical_form)
    writer = avro.io.DatumWriter(schema)
    for line in sys.stdin:
        out = io.BytesIO()
        writer.write(json.loads(line), avro.io.BinaryEncoder(out))
        print(out.getvalue().hex())


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def same(self, what, ours, theirs):
        self.checks += 1
        if ours != theirs:
            self.failures += 1
            print(f"MISMATCH {what}\n  ours:   {ours!r:.300}\n  theirs: {theirs!r:.300}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, help="path to avro_peer_tool")
    parser.add_argument("--schema", default=str(ROOT / "schema" / "clicklog.avsc"))
    parser.add_argument("--count", type=int, default=2000, help="random records to compare")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()

    try:
        import fastavro
        import fastavro.schema
    except ImportError:
        if os.environ.get("CLICKLOG_PEER_IN_VENV"):
            raise
        python = subprocess.check_output([str(ROOT / "scripts" / "python-env")], text=True)
        os.environ["CLICKLOG_PEER_IN_VENV"] = "1"
        os.execv(python.strip(), [python.strip(), __file__, *sys.argv[1:]])

    check = Checker()
    schema_text = Path(args.schema).read_text()
    schema_json = json.loads(schema_text)

    # Schema identity: the embedded schema must be the file, and both peers must agree with us.
    ours_pcf, ours_fp = run([args.tool, "schema"])
    ours_file_pcf, _ = run([args.tool, "schema", args.schema])
    check.same("embedded schema vs file", ours_pcf, ours_file_pcf)
    fast_pcf = fastavro.schema.to_parsing_canonical_form(schema_json)
    # fastavro prints the fingerprint as its little-endian bytes, the order single-object uses.
    fast_fp = bytes.fromhex(fastavro.schema.fingerprint(fast_pcf, "CRC-64-AVRO"))
    check.same("canonical form (fastavro)", ours_pcf, fast_pcf)
    check.same("fingerprint (fastavro)", int(ours_fp, 16), int.from_bytes(fast_fp, "little"))
    print(f"ClickLog canonical form: {ours_pcf}\nCRC-64-AVRO: 0x{ours_fp} (wire bytes "
          f"{fast_fp.hex()})")

    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(SAMPLE_SCHEMAS):
            path = Path(tmp) / f"sample{i}.avsc"
            path.write_text(text)
            pcf, fp = run([args.tool, "schema", str(path)])
            peer = fastavro.schema.to_parsing_canonical_form(json.loads(text))
            peer_fp = bytes.fromhex(fastavro.schema.fingerprint(peer, "CRC-64-AVRO"))
            check.same(f"canonical form of sample {i}", pcf, peer)
            check.same(f"fingerprint of sample {i}", int(fp, 16), int.from_bytes(peer_fp, "little"))

    # Bodies: our encoder vs fastavro's writer, and our decoder on fastavro's bytes.
    records = random_records(args.count, args.seed)
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    parsed = fastavro.parse_schema(schema_json)
    peer_raw = []
    for record in records:
        out = io.BytesIO()
        fastavro.schemaless_writer(out, parsed, record)
        peer_raw.append(out.getvalue())
        back = fastavro.schemaless_reader(io.BytesIO(out.getvalue()), parsed)
        check.same("fastavro round trip", back, record)
    header = b"\xc3\x01" + fast_fp
    for framing, peer in (("raw", peer_raw), ("single", [header + b for b in peer_raw])):
        ours = run([args.tool, "encode", framing], jsonl)
        decoded = run([args.tool, "decode", framing], "".join(b.hex() + "\n" for b in peer))
        for i, record in enumerate(records):
            check.same(f"{framing} encoding of record {i}", ours[i], peer[i].hex())
            check.same(f"{framing} decoding of record {i}", json.loads(decoded[i]), record)

    # A third opinion from Debian's python3-avro, a separate codebase from fastavro.
    debian = run([DEBIAN_PYTHON, __file__, "--debian-avro", args.schema], jsonl)
    check.same("canonical form (Debian python3-avro)", ours_pcf, debian[0])
    for i, line in enumerate(debian[1:]):
        check.same(f"raw encoding of record {i} (Debian python3-avro)", line, peer_raw[i].hex())
    check.same("record count (Debian python3-avro)", len(debian) - 1, len(records))

    print(f"{check.checks - check.failures} passed, {check.failures} failed")
    return 1 if check.failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--debian-avro":
        debian_avro_main()
    else:
        sys.exit(main())
