"""`clicklog produce` into a real Kafka topic, then a bounded `clicklog run` replay: every window
it prints must equal an independent recount of what the topic holds (CONTRACT.md section 2)."""
from collections import Counter

from kafka_io import unique_name
from recount import (MINUTE_MS, assert_same_results, decode_value, parse_jsonl_results,
                     parse_time, top_destinations)

START = "2026-11-27T10:00:00Z"


def produced_topic(kafka, clicklog, replication, count, seed, interval_ms, partitions=6):
    topic = kafka.create_topic(unique_name("it-top"), partitions, replication)
    dlq = kafka.create_topic(unique_name("it-top-dlq"), 1, replication)
    clicklog.produce(topic, count, seed, START, interval_ms)
    records = kafka.read_all(topic)
    assert len(records) == count
    return topic, dlq, records


def decoded(records):
    events = [decode_value(r.value) for r in records]
    assert all(e is not None for e in events), "clicklog produce wrote an undecodable value"
    return events


def test_default_windows_equal_a_recount(kafka, clicklog, replication):
    # 20 000 events 50 ms apart: about 17 minutes of event time, so full 10-minute windows
    # as well as the partial ones at both ends.
    topic, dlq, records = produced_topic(kafka, clicklog, replication, 20_000, 7, 50)
    events = decoded(records)
    expected = top_destinations(events)
    assert len(expected) > 100, "the data set should span many windows"
    assert any(len(w["top"]) == 10 for w in expected), "some window should rank 10 destinations"

    out = clicklog.replay(topic, unique_name("it-group"), dlq=dlq)
    assert_same_results(parse_jsonl_results(out), expected)
    # The generator's few events without a time cannot be timed: those, and only those, are
    # dead-lettered unchanged (CONTRACT.md section 5).
    untimed = Counter(r.value for r, e in zip(records, events) if parse_time(e["time"]) is None)
    assert Counter(r.value for r in kafka.read_all(dlq)) == untimed


def test_window_slide_and_top_flags_equal_a_recount(kafka, clicklog, replication):
    topic, dlq, records = produced_topic(kafka, clicklog, replication, 6_000, 11, 120, partitions=4)
    expected = top_destinations(decoded(records), window_ms=MINUTE_MS, slide_ms=5_000, top=3)
    out = clicklog.replay(topic, unique_name("it-group"), "--window", "1m", "--slide", "5s",
                          "--top", "3", dlq=dlq)
    assert_same_results(parse_jsonl_results(out), expected)


def events_by_key(kafka, topic):
    """{key: [(partition, value), ...] in offset order}; keyless records under None, sorted,
    since only keyed records have a fixed partition."""
    by_key = {}
    for r in kafka.read_all(topic):
        by_key.setdefault(r.key, []).append((r.partition, r.value))
    if None in by_key:
        by_key[None] = sorted(value for _, value in by_key[None])
    return by_key


def test_same_seed_replays_the_same_events(kafka, clicklog, replication):
    first, _, _ = produced_topic(kafka, clicklog, replication, 2_000, 99, 10, partitions=3)
    second, _, _ = produced_topic(kafka, clicklog, replication, 2_000, 99, 10, partitions=3)
    assert events_by_key(kafka, first) == events_by_key(kafka, second)
    third, _, _ = produced_topic(kafka, clicklog, replication, 2_000, 100, 10, partitions=3)
    assert events_by_key(kafka, third) != events_by_key(kafka, first), "another seed, same events"


def test_missing_topics_fail_fast_with_their_name(kafka, clicklog, replication):
    """Auto-creation is off on a real cluster: a missing input or dead-letter topic is a
    one-line failure (exit 1) naming it, before anything is read, not a silent wait."""
    import subprocess
    import time

    topic = kafka.create_topic(unique_name("it-nodlq"), 2, replication)
    for args, missing in [(["--topic", "it-no-such-topic"], "it-no-such-topic"),
                          (["--topic", topic, "--dlq-topic", "it-no-such-dlq"], "it-no-such-dlq")]:
        started = time.monotonic()
        done = subprocess.run([clicklog.binary, "run", "--brokers", clicklog.bootstrap, *args,
                               "--group", unique_name("it-missing"), "--until-end",
                               "--timeout", "5s"],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, done.stderr
        assert missing in done.stderr.strip().splitlines()[-1]
        assert time.monotonic() - started < 30
