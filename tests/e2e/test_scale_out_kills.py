"""A scaled-out group (`clicklog run --scale-out`, docs/scale-out.md) on the embedded broker, its
clicks saved to the Cassandra node of scripts/cassandra: three members killed at random instants
and restarted (the merger among them), one joining and one leaving mid-run, then the group
bounded with --until-end. Every window any member printed, and every window in the results
topic, equals the independent recount of the whole topic; together they cover it; and the day's
second hotels from the store equal the recount's."""
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
pytest.register_assert_rewrite("second_hotel_recount")

import recount  # noqa: E402
import second_hotel_recount as sh  # noqa: E402
from job_runs import (INTERVAL_MS, START, Job, assert_cover_recount,  # noqa: E402
                      assert_each_equals_recount, member_args, produce_live, recount_topic, wait_for)
from kafka_io import unique_name  # noqa: E402
from test_second_hotel_cassandra import drop_keyspace  # noqa: E402

BACKLOG, LIVE_RATE, LIVE_SECONDS = 40_000, 1_500, 30
KILLS = 20


@pytest.fixture(scope="module")
def embedded_topics():
    # The mock cluster cannot create topics through the admin API: the group's internal topics
    # are made with the broker, one partials partition per input partition, as a user of a
    # cluster without auto-creation would (test_scale_out.py leaves them to the mock).
    return ["clicklog", "clicklog-dlq", "scale-partials", "scale-merge", "scale-results"]


@pytest.fixture(scope="module")
def cassandra_store():
    port = int(os.environ.get("CLICKLOG_CASSANDRA_PORT", "9042"))
    keyspace = unique_name("scale_kills").replace("-", "_")
    yield f"cassandra://127.0.0.1:{port}/{keyspace}?replication=1"
    drop_keyspace(port, keyspace)


TAKES_OVER = "this member merges the group's partials"

def merging_job(members):
    """The live member that took the merger's role last and has not given it up, or None."""
    for job in members.values():
        text = job.stderr()
        took = text.rfind(TAKES_OVER)
        if job.process.poll() is None and took >= 0 and took > text.rfind("this member no longer merges"):
            return job
    return None


def kill_the_merger_and_await_its_successor(members, start):
    """A SIGKILLed merger's role goes to another process (the election's session runs out):
    random victims may all miss the merger, so one kill aims at it."""
    merger = wait_for(lambda: merging_job(members), 60, lambda: "no member took the merger's role")
    name = next(n for n, job in members.items() if job is merger)
    merger.process.send_signal(signal.SIGKILL)
    merger.process.wait()
    start(name)
    wait_for(lambda: merging_job(members), 60,
             lambda: "nobody took over from the killed merger:\n" +
             "\n".join(job.stderr()[-1500:] for job in members.values()))
    return name


def test_a_group_with_kills_joins_and_leaves_gives_the_recount(clicklog, kafka, tmp_path, cassandra_store):
    rng = random.Random(20261202)
    args = member_args("scale", "--results-topic", "scale-results", "--store", cassandra_store)
    clicklog.produce("clicklog", BACKLOG, 7, START, INTERVAL_MS)
    live = produce_live(clicklog, "clicklog", 8, recount.parse_time(START) + BACKLOG * INTERVAL_MS,
                        LIVE_RATE, LIVE_SECONDS)
    runs, members, started = [], {}, 0

    def start(name):
        nonlocal started
        started += 1
        job = Job(clicklog, tmp_path, f"{name}-{started}", *args)
        members[name] = job
        runs.append(job)

    try:
        for name in ("a", "b", "c"):
            start(name)
        time.sleep(4)
        for i in range(KILLS):
            if i == KILLS // 3:
                start("d")  # a member joins
            if i == 2 * KILLS // 3:
                leaving = members.pop("d")  # and leaves gracefully
                leaving.process.send_signal(signal.SIGTERM)
                assert leaving.process.wait(timeout=30) == 0, leaving.stderr()[-3000:]
            if i == KILLS // 4:
                name = kill_the_merger_and_await_its_successor(members, start)
                continue
            name = rng.choice(sorted(n for n in members if n != "d"))
            victim = members[name]
            assert victim.process.poll() is None, f"{name} ended by itself:\n{victim.stderr()[-3000:]}"
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait()
            start(name)
            time.sleep(rng.uniform(0.3, 1.5))
    finally:
        if live.poll() is None:
            live.wait(timeout=LIVE_SECONDS + 30)
        for job in members.values():
            if job.process.poll() is None:
                job.process.send_signal(signal.SIGKILL)
                job.process.wait()
    assert live.returncode == 0, live.stderr.read()

    bounded = [Job(clicklog, tmp_path, f"final-{n}", *args, "--until-end") for n in range(3)]
    for job in bounded:
        assert job.process.wait(timeout=180) == 0, job.stderr()[-3000:]
    runs += bounded

    expected = recount_topic(kafka, "clicklog")
    assert len(expected) > 80
    printed = [job.windows() for job in runs]
    for job, windows in zip(runs, printed):
        assert_each_equals_recount(windows, expected, job.out_path.name)
    assert_cover_recount(printed, expected)
    mergers = sum(TAKES_OVER in job.stderr() for job in runs)
    assert mergers >= 3, f"the merger should have moved between members: {mergers} take-overs"

    published = {}
    for record in kafka.read_all("scale-results"):
        key, value = record.key.decode(), record.value.decode()
        assert published.setdefault(key, value) == value, f"window {key} published differently"
    windows = recount.parse_jsonl_results("\n".join(published[k] for k in sorted(published)))
    recount.assert_same_results(sorted(windows, key=lambda w: w["window_end"]), expected)

    # Every member saved its clicks before publishing what they count: replays after a kill
    # overwrite their own rows, so the daily query over the store is the recount's.
    answers = sh.second_hotels(sh.considered_clicks(kafka.read_all("clicklog")))
    assert sum(len(want) for want in answers.values()) > 100, "too few second hotels to prove anything"
    for day, want in answers.items():
        sh.assert_answer(sh.parse_csv(clicklog.second_hotel("--date", day, "--store", cassandra_store).stdout),
                         want, f"second-hotel {day}")
