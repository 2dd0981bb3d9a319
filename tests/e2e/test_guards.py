"""One broken clock must not stop the report (issue 14), on the embedded broker: in live traffic
on one partition, a record from 2099 and one with a 2 KB destination are dead-lettered with
their reasons (future_time, field_too_long), and the job goes on emitting every window, each
equal to the independent recount of the good records, with no search counted late; the same
for a member of a --scale-out group, whose guards hold before any partial leaves it."""
import os
import signal
import subprocess
import time

import pytest

import recount
from conftest import TOPICS
from job_runs import FAST_GROUP, WINDOW, Job, assert_each_equals_recount
from kafka_io import unique_name

SCALE_GROUP = "guards-group"

TOPIC, DLQ = "guards", "guards-dlq"
KEY = b"42"  # one user: every record on one partition, as one client's traffic would be
PLACES = ["paris", "rome", "oslo", "lima", "kyoto"]
STEP_MS, PER_PHASE = 100, 1000


def search(t_ms, i):
    return recount.click_log(user_id=42, time=recount.format_utc(t_ms), action="search",
                             destination=PLACES[(i * i) % len(PLACES)])


@pytest.fixture(scope="module")
def embedded_topics():
    return [*TOPICS, "guards-scaled", "guards-scaled-dlq", f"{SCALE_GROUP}-partials",
            f"{SCALE_GROUP}-merge"]


@pytest.mark.parametrize("topic, dlq, group, extra", [
    (TOPIC, DLQ, None, ["--checkpoint-interval", "0"]),
    ("guards-scaled", "guards-scaled-dlq", SCALE_GROUP, ["--scale-out"]),
], ids=["one-process", "scale-out"])
def test_a_record_from_2099_in_live_traffic_stops_nothing(clicklog, kafka, tmp_path, topic, dlq,
                                                          group, extra):
    # Real-time traffic of the last few minutes, two phases with the bad records between them.
    start = (int(time.time() * 1000) - 5 * 60_000) // 1000 * 1000
    good = [search(start + i * STEP_MS, i) for i in range(2 * PER_PHASE)]
    future = recount.encode_single_object(recount.click_log(
        user_id=42, time="2099-01-01T00:00:00Z", action="search", destination="paris"))
    too_long = recount.encode_single_object(recount.click_log(
        user_id=42, time=recount.format_utc(start + PER_PHASE * STEP_MS), action="search",
        destination="x" * 2048))

    job = Job(clicklog, tmp_path, "guards", "--topic", topic, "--group",
              group or unique_name("guards"), "--from-beginning", "--output", "jsonl",
              "--dlq-topic", dlq, "--lateness", "0", "--idle-timeout", "2s", *extra, *WINDOW,
              *FAST_GROUP)
    try:
        kafka.send(topic, [(KEY, recount.encode_single_object(e)) for e in good[:PER_PHASE]])
        time.sleep(1)
        kafka.send(topic, [(KEY, future), (KEY, too_long)])
        time.sleep(1)
        kafka.send(topic, [(KEY, recount.encode_single_object(e)) for e in good[PER_PHASE:]])

        # Every window the watermark (the newest good time) has passed must come out.
        expected = [w for w in recount.top_destinations(good, window_ms=60_000, slide_ms=10_000)
                    if w["window_end"] <= recount.parse_time(good[-1]["time"])]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(job.windows()) < len(expected):
            assert job.process.poll() is None, job.stderr()[-3000:]
            time.sleep(0.5)
    finally:
        job.process.send_signal(signal.SIGTERM)
        job.process.wait(timeout=60)

    windows = job.windows()
    assert [w["window_end"] for w in windows] == [w["window_end"] for w in expected], (
        f"{len(windows)} windows emitted, {len(expected)} expected; stderr:\n{job.stderr()[-2000:]}")
    assert_each_equals_recount(windows, expected, "guards")

    summary = "\n".join(line for line in job.stderr().splitlines() if "summary" in line)
    assert "late searches: 0 partial, 0 dropped" in summary, summary
    assert "future_time=1" in summary and "field_too_long=1" in summary, summary

    sent = {r.offset: r for r in kafka.read_all(topic)}
    dead = {dict(d.headers)["reason"].decode(): d for d in kafka.read_all(dlq)}
    assert set(dead) == {"future_time", "field_too_long"}, dead.keys()
    for reason, value in (("future_time", future), ("field_too_long", too_long)):
        headers = {k: v.decode() for k, v in dead[reason].headers}
        source = sent[int(headers["offset"])]
        assert (dead[reason].key, dead[reason].value) == (KEY, value), "forwarded unchanged"
        assert (source.key, source.value) == (KEY, value)
        assert headers["topic"] == topic and int(headers["partition"]) == source.partition


def test_the_guards_come_off_through_the_environment_and_the_config_file(clicklog, kafka, tmp_path):
    """CLICKLOG_MAX_FUTURE=0 and `max-field-bytes = 0` in --config: nothing is refused."""
    topic = "guards-off"
    kafka.send(topic, [(KEY, recount.encode_single_object(recount.click_log(
        user_id=42, time=t, action="search", destination=d)))
        for t, d in (("2099-01-01T00:00:00Z", "paris"), ("2026-11-27T10:00:00Z", "y" * 2048))])
    config = tmp_path / "clicklog.toml"
    config.write_text("[run]\nmax-field-bytes = 0\n")
    config.chmod(0o600)
    done = subprocess.run(
        [clicklog.binary, "run", "--brokers", clicklog.bootstrap, "--topic", topic, "--group",
         unique_name("off"), "--from-beginning", "--until-end", "--output", "jsonl",
         "--dlq-topic", DLQ, "--checkpoint-interval", "0", "--config", str(config)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, "CLICKLOG_MAX_FUTURE": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "0 bad records" in done.stderr, done.stderr
    ends = [w["window_end"] for w in recount.parse_jsonl_results(done.stdout)]
    assert ends and max(ends) > recount.parse_time("2099-01-01T00:00:00Z"), "2099 was counted"
