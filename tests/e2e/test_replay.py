"""End to end on the embedded broker: a seeded data set produced by `clicklog produce`, replayed
by `clicklog run --until-end`, equals an independent recount window by window; every record
that cannot be timed is in the dead-letter topic, once."""
import recount
from kafka_io import unique_name

START = "2026-11-27T00:00:00Z"


def read_events(kafka, topic, value_format="single-object"):
    records = kafka.read_all(topic)
    return records, [recount.decode_value(r.value, value_format) for r in records]


def test_replay_equals_independent_recount(clicklog, kafka):
    clicklog.produce("clicklog", 120_000, 42, START, 7)
    stdout = clicklog.replay("clicklog", unique_name("replay"), dlq="clicklog-dlq")
    records, events = read_events(kafka, "clicklog")
    assert len(records) == 120_000
    expected = recount.top_destinations(events)
    assert len(expected) > 100
    recount.assert_same_results(recount.parse_jsonl_results(stdout), expected)

    # The generator's imperfect events without a valid time are bad records: each one is in the
    # dead-letter topic, unchanged, with where it came from.
    untimed = {(r.partition, r.offset): r for r, e in zip(records, events)
               if e is None or recount.parse_time(e["time"]) is None}
    assert untimed, "the seeded data set should hold a few untimed events"
    dead = kafka.read_all("clicklog-dlq")
    assert len(dead) == len(untimed)
    for d in dead:
        headers = {k: v.decode() for k, v in d.headers}
        source = untimed[(int(headers["partition"]), int(headers["offset"]))]
        assert headers["topic"] == "clicklog"
        assert headers["reason"] in ("missing_time", "bad_time")
        assert (d.key, d.value) == (source.key, source.value)


def test_resume_and_raw_framing_and_repeatable_seed(clicklog, kafka):
    """A group that finished the topic resumes at its end; bare Avro bodies (--value-format raw)
    replay exactly too; and --seed makes data repeatable: the first 30,000 events of seed 42
    are the same whatever run produced them."""
    group = unique_name("again")
    clicklog.replay("clicklog", group)
    assert clicklog.replay("clicklog", group) == "", "nothing new after the group's position"

    clicklog.produce("raw", 30_000, 42, START, 7, "--value-format", "raw")
    raw_out = clicklog.replay("raw", unique_name("raw"), "--value-format", "raw", dlq="raw-dlq")
    _, raw_events = read_events(kafka, "raw", "raw")
    recount.assert_same_results(recount.parse_jsonl_results(raw_out),
                                recount.top_destinations(raw_events))

    cutoff = recount.parse_time(START) + 30_000 * 7
    _, framed = read_events(kafka, "clicklog")

    def timed_before_cutoff(events):
        return sorted(repr(e) for e in events
                      if e and recount.parse_time(e["time"]) is not None
                      and recount.parse_time(e["time"]) < cutoff)

    assert len(timed_before_cutoff(raw_events)) > 29_000
    assert timed_before_cutoff(raw_events) == timed_before_cutoff(framed)
