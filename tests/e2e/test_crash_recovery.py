"""Exact results through crashes (docs/reliability.md), on the embedded broker. A job killed
with SIGKILL at random instants while data flows, restarted each time with the same arguments,
then finished with --until-end: every window it ever printed or published equals an independent
recount of the topic, and together they cover every window; the day's second distinct hotels
from the clicks they saved (--store) equal the recount's. A SIGTERM stops a job within a few
seconds after a checkpoint and a commit of exactly what it processed. A static member
(--instance-id) restarted after SIGKILL removes its killed predecessor from the group itself,
since the embedded cluster ignores instance ids."""
import datetime
import random
import re
import signal
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
pytest.register_assert_rewrite("second_hotel_recount")

import recount  # noqa: E402
import second_hotel_recount as sh  # noqa: E402
from job_runs import (FAST_GROUP, INTERVAL_MS, START, WINDOW, Job, assert_cover_recount,
                      assert_each_equals_recount, metric, produce_live, recount_topic,
                      wait_for)  # noqa: E402
from kafka_io import unique_name  # noqa: E402

BACKLOG, LIVE_RATE, LIVE_SECONDS = 100_000, 2_000, 60
KILLS = 12


def kill_at_a_random_instant(job, i, rng):
    """SIGKILL `job` in start-up (one run in four after the first) or 0.3-3 s after the group
    assigned it its partitions, while records flow. A restart waits out its killed predecessor's
    session first (~5 s), so a kill at a fixed delay from the start would mostly land in start-up.
    Returns whether the kill was meant to land while records flow."""
    while_flowing = i == 0 or rng.random() >= 0.25
    if while_flowing:
        wait_for(lambda: "assigned " in job.stderr() or job.process.poll() is not None or None, 60,
                 lambda: f"run {i} got no partitions:\n{job.stderr()[-2000:]}")
        time.sleep(rng.uniform(0.3, 3.0))
    else:
        time.sleep(rng.uniform(1.0, 3.0))
    assert job.process.poll() is None, f"run {i} ended by itself:\n{job.stderr()[-2000:]}"
    job.process.send_signal(signal.SIGKILL)
    job.process.wait()
    return while_flowing


def test_sigkill_at_random_instants_loses_and_doubles_nothing(clicklog, kafka, tmp_path):
    rng = random.Random(20261128)
    group, results = unique_name("crash"), unique_name("crash-results")
    state = {"XDG_STATE_HOME": str(tmp_path / "state")}  # the default folder, under the test's
    clicklog.produce("clicklog", BACKLOG, 7, START, INTERVAL_MS)
    live = produce_live(clicklog, "clicklog", 8, recount.parse_time(START) + BACKLOG * INTERVAL_MS,
                        LIVE_RATE, LIVE_SECONDS)
    store = f"rocksdb:{tmp_path / 'clicks'}"
    args = ["--group", group, "--from-beginning", "--output", "jsonl", "--checkpoint-interval", "1s",
            "--results-topic", results, "--store", store, *WINDOW, *FAST_GROUP]
    runs, killed_while_flowing = [], []
    try:
        for i in range(KILLS):
            job = Job(clicklog, tmp_path, f"killed-{i}", *args, env=state)
            if kill_at_a_random_instant(job, i, rng):
                killed_while_flowing.append(job)
            runs.append(job)
    finally:
        if live.poll() is None:
            live.wait(timeout=LIVE_SECONDS + 30)
    assert live.returncode == 0, live.stderr.read()
    printed = [job.windows() for job in runs]

    final = Job(clicklog, tmp_path, "final", *args, "--until-end", env=state)
    assert final.process.wait(timeout=120) == 0, final.stderr()[-3000:]
    printed.append(recount.parse_jsonl_results(final.stdout()))

    expected = recount_topic(kafka, "clicklog")
    assert len(expected) > 200
    for i, windows in enumerate(printed):
        assert_each_equals_recount(windows, expected, f"run {i}")
    assert_cover_recount(printed, expected)
    assert 1 < len(killed_while_flowing) < KILLS, "kills both in start-up and while records flow"
    assert sum(map(len, printed[:-1])) > 0, "the kills should land while windows flow"
    for i, job in enumerate(runs[1:], 1):
        if job in killed_while_flowing:
            assert "restored checkpoint" in job.stderr(), f"run {i}:\n{job.stderr()[-2000:]}"

    # The day's second hotels from the clicks the killed and restarted runs saved.
    answers = sh.second_hotels(sh.considered_clicks(kafka.read_all("clicklog")))
    assert list(answers) == [datetime.date(2026, 11, 27)], "the data set is one UTC day"
    for day, want in answers.items():
        assert len(want) > 1000, f"{day}: too few second hotels to prove anything"
        sh.assert_answer(sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout), want,
                         f"second-hotel {day}")

    # The results topic: de-duplicated by key (the window end), it is the recount.
    published = {}
    for record in kafka.read_all(results):
        key, value = record.key.decode(), record.value.decode()
        assert published.setdefault(key, value) == value, f"window {key} published differently"
    windows = recount.parse_jsonl_results("\n".join(published[k] for k in sorted(published)))
    recount.assert_same_results(sorted(windows, key=lambda w: w["window_end"]), expected)
    assert sorted(published) == [recount.format_utc(w["window_end"]) for w in expected]


def test_sigterm_checkpoints_commits_and_exits_promptly(clicklog, kafka, tmp_path):
    topic = "demo"  # a topic of its own on this module's broker
    clicklog.produce(topic, 50_000, 9, START, INTERVAL_MS)
    topic_records = sum(kafka.end_offsets(topic).values())
    group, state_dir = unique_name("graceful"), tmp_path / "graceful-state"
    args = ["--topic", topic, "--group", group, "--from-beginning", "--output", "jsonl",
            "--checkpoint-interval", "1h", "--state-dir", state_dir, "--results-topic", "",
            "--metrics-port", "0", *WINDOW, *FAST_GROUP]
    job = Job(clicklog, tmp_path, "graceful", *args)
    deadline = time.monotonic() + 60
    port = None
    while port is None or metric(port, "clicklog_records_total") < topic_records:
        assert time.monotonic() < deadline and job.process.poll() is None, job.stderr()[-3000:]
        port = job.metrics_port()
        time.sleep(0.2)
    assert kafka.committed(group, topic) == {}, "nothing is committed before a checkpoint"
    stopping = time.monotonic()
    job.process.send_signal(signal.SIGTERM)
    assert job.process.wait(timeout=10) == 0, job.stderr()[-3000:]
    assert time.monotonic() - stopping < 10
    assert "checkpoint #1 saved" in job.stderr(), "one checkpoint, at the stop"
    assert (state_dir / "checkpoint" / "CURRENT").is_file()
    ends = kafka.end_offsets(topic)
    assert kafka.committed(group, topic) == {p: e for p, e in ends.items() if e > 0}

    # Restarted with the same arguments: nothing is read again, nothing emitted twice, and the
    # windows still open at the stop come out of a bounded run.
    first = recount.parse_jsonl_results(job.stdout())
    again = Job(clicklog, tmp_path, "graceful-again", *args, "--until-end")
    assert again.process.wait(timeout=60) == 0, again.stderr()[-3000:]
    assert "restored checkpoint #1" in again.stderr()
    rest = recount.parse_jsonl_results(again.stdout())
    assert re.search(r"clicklog summary: 0 records", again.stderr()), again.stderr()[-2000:]
    assert first and rest, "windows both before the stop and after the restart"
    recount.assert_same_results(first + rest, recount_topic(kafka, topic))


def test_a_static_member_restarted_after_sigkill_removes_its_predecessor(clicklog, kafka, tmp_path):
    """The mock behind the embedded broker knows members by member id only, so a restarted
    static member would wait for its killed predecessor's session; instead it asks the cluster
    to drop that member (kafka/member_fence.h) before joining. docs/benchmarks.md times it."""
    topic = "static"
    clicklog.produce(topic, 30_000, 11, START, INTERVAL_MS)
    group = unique_name("static")
    state = {"XDG_STATE_HOME": str(tmp_path / "static-state")}
    args = ["--topic", topic, "--group", group, "--instance-id", "member-a", "--from-beginning",
            "--output", "jsonl", "--checkpoint-interval", "1s", "--results-topic", "", *WINDOW]
    first = Job(clicklog, tmp_path, "static-first", *args, env=state)
    deadline = time.monotonic() + 60
    while "first record" not in first.stderr():
        assert time.monotonic() < deadline and first.process.poll() is None, first.stderr()[-3000:]
        time.sleep(0.1)
    time.sleep(1.5)  # a checkpoint, so that the restart resumes rather than starts over
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    second = Job(clicklog, tmp_path, "static-second", *args, "--until-end", env=state)
    assert second.process.wait(timeout=90) == 0, second.stderr()[-3000:]
    assert re.search(r"instance member-a: removed its previous member \S+ from group", second.stderr()), \
        second.stderr()[-3000:]
    printed = [first.windows(), recount.parse_jsonl_results(second.stdout())]
    expected = recount_topic(kafka, topic)
    for i, windows in enumerate(printed):
        assert_each_equals_recount(windows, expected, f"run {i}")
    assert_cover_recount(printed, expected)
