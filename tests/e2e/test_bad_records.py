"""Bad input (CONTRACT.md section 5) on the embedded broker: records that cannot be framed,
decoded or timed, sent by an independent client, are each counted by reason and forwarded
unchanged to the dead-letter topic with reason, topic, partition and offset headers; none stops
the job, and the good records around them are counted exactly."""
import recount
from kafka_io import unique_name

GOOD_TIME = "2026-11-27T10:00:00.000Z"
HEADER = recount.SINGLE_OBJECT_HEADER


def good(i):
    return recount.click_log(user_id=i, time=f"2026-11-27T10:00:{i % 60:02d}.{i % 1000:03d}Z",
                             action="search", destination=["paris", "rome", "oslo"][i % 3])


def bad_values():
    """(expected reason, value) pairs."""
    body = recount.encode_body(recount.click_log(user_id=1, time=GOOD_TIME, action="search",
                                                 destination="paris"))
    return [
        ("truncated", b""),
        ("truncated", HEADER[:5]),
        ("truncated", HEADER + body[:-3]),
        ("bad_magic", b"\x00\x00\x00\x00\x01" + body),             # Confluent framing
        ("bad_magic", b"garbage that is not avro at all"),
        ("bad_fingerprint", b"\xc3\x01" + bytes(8) + body),
        ("bad_union_index", HEADER + b"\x04"),                    # union branch 2
        ("bad_length", HEADER + b"\x00\x02\x03"),                 # string length -2
        ("bad_varint", HEADER + b"\x02" + b"\xff" * 11),
        ("trailing_bytes", HEADER + body + b"\x00"),
        ("missing_time", recount.encode_single_object(recount.click_log(action="search", destination="x"))),
        ("bad_time", recount.encode_single_object(recount.click_log(time="not a time", action="search", destination="x"))),
        ("bad_time", recount.encode_single_object(recount.click_log(time="2026-13-45T10:00:00Z", action="click"))),
        ("bad_time", recount.encode_single_object(recount.click_log(time="2026-11-27T10:00:00", action="search", destination="x"))),
    ]


def test_every_bad_record_is_dead_lettered_and_counted(clicklog, kafka):
    bad = bad_values()
    messages = []
    for i in range(600):
        messages.append((str(i).encode(), recount.encode_single_object(good(i))))
        if i % 40 == 0 and bad:
            messages.append((f"bad-{len(bad)}".encode(), bad.pop()[1]))
    assert not bad
    kafka.send("bad", messages)

    done = clicklog.call("run", "--topic", "bad", "--group", unique_name("bad"), "--from-beginning",
                         "--until-end", "--output", "jsonl", "--dlq-topic", "bad-dlq")
    records = kafka.read_all("bad")
    events = [recount.decode_value(r.value) for r in records]
    recount.assert_same_results(recount.parse_jsonl_results(done.stdout),
                                recount.top_destinations(events))

    expected = {}
    for reason, value in bad_values():
        expected.setdefault(value, []).append(reason)
    dead = kafka.read_all("bad-dlq")
    assert len(dead) == len(bad_values())
    by_position = {(r.partition, r.offset): r for r in records}
    reasons = {}
    for d in dead:
        headers = {k: v.decode() for k, v in d.headers}
        source = by_position[(int(headers["partition"]), int(headers["offset"]))]
        assert headers["topic"] == "bad"
        assert (d.key, d.value) == (source.key, source.value), "forwarded unchanged"
        assert headers["reason"] in expected[d.value], (headers["reason"], d.value)
        reasons[headers["reason"]] = reasons.get(headers["reason"], 0) + 1

    # The end-of-run summary counts them by reason, on stderr.
    summary = [line for line in done.stderr.splitlines() if "bad records" in line]
    assert summary, done.stderr
    assert f"{len(dead)} bad records" in summary[0]
    for reason, n in reasons.items():
        assert f"{reason}={n}" in summary[0], summary[0]
