"""Interoperability on a real Kafka: records written by an independent Avro library (fastavro)
and client (confluent-kafka) are counted by `clicklog run` exactly as the contract says, records
`clicklog produce` writes decode in that library, and kcat reads the same topic."""
import random
import subprocess
from collections import Counter, defaultdict

from kafka_io import unique_name
from recount import (FINGERPRINT, SINGLE_OBJECT_HEADER, assert_same_results, click_log,
                     decode_value, encode_body, encode_single_object, format_utc,
                     is_counted_search, parse_jsonl_results, parse_time, top_destinations)

BASE_MS = parse_time("2026-11-27T08:00:00Z")
# More than the 10 ranked, with ties likely, and names whose bytewise order differs from a
# case-insensitive or locale order.
DESTINATIONS = ["paris", "london", "Zürich", "Zurich", "日本", "new york", "a", "B", "b",
                "rome", "oslo", "lima", "nice", "porto"]


def render_time(rng, ms):
    """The same instant in one of the forms the contract accepts."""
    moment = format_utc(ms - ms % 1000)[:-1]  # 2026-11-27T08:00:00
    millis = f"{ms % 1000:03d}"
    form = rng.randrange(6)
    if form == 0:
        return f"{moment}.{millis}Z"
    if form == 1 and ms % 1000 == 0:
        return f"{moment}Z"
    if form == 2:  # the same instant an hour east: local clock one hour later
        return format_utc(ms + 3_600_000)[:-1].split(".")[0] + f".{millis}+01:00"
    if form == 3:
        return format_utc(ms - 19_800_000)[:-1].split(".")[0] + f".{millis}-05:30"
    if form == 4 and ms % 1000 == 0:
        return moment.replace("T", " ")
    return moment.replace("T", " ") + f".{millis}"


def peer_records(seed=3, count=4_000):
    """Records a foreign producer might send, in event-time order (so no partition is out of
    order): mostly well-formed searches, with the cases the contract leaves uncounted."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        ms = BASE_MS + i * 350 + rng.randrange(0, 300)
        user = rng.choice([None] + list(range(1, 40)))
        action = rng.choices(["search", "click", "filter", "Search", None], [70, 12, 10, 4, 4])[0]
        destination = rng.choices([rng.choice(DESTINATIONS), "", None], [90, 5, 5])[0]
        time = render_time(rng, ms)
        if rng.random() < 0.03:  # times the contract rejects; such records count nowhere
            time = rng.choice([None, "", "yesterday", format_utc(ms)[:-1], "27/11/2026 08:00"])
        hotel = f"h-{rng.randrange(100)}" if action == "click" else None
        records.append(click_log(user, time, action, destination, hotel))
    return records


def garbage_values():
    good = encode_single_object(click_log(7, "2026-11-27T08:00:00Z", "search", "paris"))
    wrong_fingerprint = b"\xc3\x01" + bytes(8) + good[10:]
    values = [b"", b"not avro at all", wrong_fingerprint, good[:-3], good[10:], b"\xc3\x01"]
    assert all(decode_value(v) is None for v in values)
    return values


def key_of(record):
    return None if record["user_id"] is None else str(record["user_id"]).encode()


def test_fastavro_records_are_counted_like_the_recount(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-peer"), 3, replication)
    dlq = kafka.create_topic(unique_name("it-peer-dlq"), 1, replication)
    records = peer_records()
    messages = [(key_of(r), encode_single_object(r)) for r in records]
    garbage = garbage_values()
    # Bad records between good ones, in each partition (keys 1..3 land on various partitions).
    for i, value in enumerate(garbage):
        messages.insert(len(messages) * (i + 1) // (len(garbage) + 1), (str(i + 1).encode(), value))
    kafka.send(topic, messages)

    expected = top_destinations(records)
    assert sum(is_counted_search(r) for r in records) > 2_000
    out = clicklog.replay(topic, unique_name("it-group"), dlq=dlq)
    assert_same_results(parse_jsonl_results(out), expected)

    # Exactly the records that cannot be framed, decoded or timed are dead-lettered, unchanged,
    # with their reason and source partition and offset as headers (CONTRACT.md section 5).
    dead = kafka.read_all(dlq)
    untimed = [value for _, value in messages
               if decode_value(value) is not None and parse_time(decode_value(value)["time"]) is None]
    assert Counter(r.value or b"" for r in dead) == Counter(garbage + untimed)
    for r in dead:
        assert len(r.headers) >= 3, f"dead letter without reason/partition/offset: {r.headers}"


def test_bare_avro_bodies_with_value_format_raw(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-raw"), 2, replication)
    dlq = kafka.create_topic(unique_name("it-raw-dlq"), 1, replication)
    records = peer_records(seed=5, count=1_500)
    kafka.send(topic, [(key_of(r), encode_body(r)) for r in records])
    out = clicklog.replay(topic, unique_name("it-group"), "--value-format", "raw", dlq=dlq)
    assert_same_results(parse_jsonl_results(out), top_destinations(records))


def test_produced_records_decode_in_fastavro(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-produce"), 4, replication)
    count, interval = 3_000, 20
    clicklog.produce(topic, count, 5, "2026-11-27T12:00:00Z", interval)
    records = kafka.read_all(topic)
    assert len(records) == count

    partitions_of_user = defaultdict(set)
    times = []  # valid times only: the generator leaves a few events without one
    for r in records:
        assert r.value[:2] == b"\xc3\x01", "no single-object marker"
        assert r.value[2:10] == FINGERPRINT, "not the fingerprint of schema/clicklog.avsc"
        event = decode_value(r.value)
        assert event is not None, f"fastavro cannot decode {r.value!r}"
        assert r.key == key_of(event), f"key {r.key!r} for user {event['user_id']}"
        if event["user_id"] is not None:
            partitions_of_user[event["user_id"]].add(r.partition)
        if event["time"] is not None:
            times.append(parse_time(event["time"]))
            assert times[-1] is not None, f"produce wrote a bad time: {event['time']!r}"
    assert all(len(p) == 1 for p in partitions_of_user.values()), "a user spans partitions"
    # Event i (from 0) happened at start + i * interval.
    start = parse_time("2026-11-27T12:00:00Z")
    steps = [(t - start) / interval for t in times]
    assert len(times) > count * 0.9 and len(set(times)) == len(times)
    assert all(s.is_integer() and 0 <= s < count for s in steps), "times off the simulated clock"
    actions = Counter(decode_value(r.value)["action"] for r in records)
    assert actions["search"] and actions["click"], f"unrealistic mix of actions: {actions}"


def test_kcat_reads_what_clicklog_produced(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-kcat"), 3, replication)
    clicklog.produce(topic, 500, 8, "2026-11-27T12:00:00Z", 100)
    done = subprocess.run(
        ["kcat", "-C", "-b", kafka.bootstrap, "-t", topic, "-e", "-q", "-f", "%p %o %k %S\\n"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    seen = sorted(tuple(line.split(" ")) for line in done.stdout.splitlines())
    want = sorted((str(r.partition), str(r.offset), (r.key or b"").decode(), str(len(r.value)))
                  for r in kafka.read_all(topic))
    assert len(seen) == 500 and seen == want
    assert all(r.value.startswith(SINGLE_OBJECT_HEADER) for r in kafka.read_all(topic))
