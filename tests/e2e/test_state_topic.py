"""A job moved to another machine resumes from the state topic (docs/reliability.md, "State on
another machine"), on the embedded broker. A job is killed while live traffic flows; a job of
the same group started with an empty state folder (another machine) resumes from the newest
checkpoint published to the state topic and is killed in turn; the first machine's job,
restarted on its now older folder, takes the newer published checkpoint and finishes with
--until-end. Every window any of them printed equals the independent recount, and together
they print every window: nothing lost or counted twice across machines."""
import re
import signal
import time

import recount
from job_runs import (FAST_GROUP, INTERVAL_MS, START, WINDOW, Job, assert_cover_recount,
                      assert_each_equals_recount, metric, produce_live, recount_topic)
from kafka_io import unique_name

BACKLOG, LIVE_RATE, LIVE_SECONDS = 30_000, 2_000, 30


def run_until_checkpointed(job, checkpoints, timeout=60):
    """Waits until the job has printed a window and then saved `checkpoints` more checkpoints
    (so some of them hold records read)."""
    deadline, seen = time.monotonic() + timeout, None
    while True:
        assert job.process.poll() is None, f"the job ended by itself:\n{job.stderr()[-3000:]}"
        assert time.monotonic() < deadline, f"not checkpointed in time:\n{job.stderr()[-3000:]}"
        port = job.metrics_port()
        saved = metric(port, "clicklog_checkpoints_total") if port else 0
        if seen is None and job.windows():
            seen = saved
        if seen is not None and saved >= seen + checkpoints:
            return
        time.sleep(0.3)


def kill(job):
    job.process.send_signal(signal.SIGKILL)
    job.process.wait()


def test_a_job_on_another_machine_resumes_from_the_state_topic(clicklog, kafka, tmp_path):
    group = unique_name("moved")
    clicklog.produce("clicklog", BACKLOG, 21, START, INTERVAL_MS)
    live = produce_live(clicklog, "clicklog", 22, recount.parse_time(START) + BACKLOG * INTERVAL_MS,
                        LIVE_RATE, LIVE_SECONDS)
    args = ["--group", group, "--from-beginning", "--output", "jsonl", "--checkpoint-interval", "1s",
            "--results-topic", "", "--metrics-port", "0", *WINDOW, *FAST_GROUP]
    try:
        first = Job(clicklog, tmp_path, "machine-a", *args, "--state-dir", tmp_path / "a")
        run_until_checkpointed(first, 2)
        kill(first)
        assert "no checkpoint in" in first.stderr()

        moved = Job(clicklog, tmp_path, "machine-b", *args, "--state-dir", tmp_path / "b")
        run_until_checkpointed(moved, 2)
        kill(moved)
        assert "in state topic clicklog-state is newer than this folder's (none): resuming" in moved.stderr()
        assert "restored checkpoint" in moved.stderr() and "from state topic clicklog-state" in moved.stderr()
    finally:
        live.wait(timeout=LIVE_SECONDS + 60)
    assert live.returncode == 0, live.stderr.read()

    back = Job(clicklog, tmp_path, "machine-a-again", *args, "--state-dir", tmp_path / "a", "--until-end")
    assert back.process.wait(timeout=120) == 0, back.stderr()[-3000:]
    assert "is newer than this folder's (#" in back.stderr(), back.stderr()[-3000:]

    expected = recount_topic(kafka, "clicklog")
    assert len(expected) > 60
    runs = {"machine a": first.windows(), "machine b": moved.windows(), "machine a again": back.windows()}
    for name, windows in runs.items():
        assert windows, f"{name} printed no window"
        assert_each_equals_recount(windows, expected, name)
    assert_cover_recount(runs.values(), expected)


def share(job):
    """Partitions in the job's newest assignment (0 before its first)."""
    found = re.findall(r"assigned (\d+) partition\(s\)", job.stderr())
    return int(found[-1]) if found else 0


def test_several_members_publish_no_state(clicklog, kafka, tmp_path):
    """Each member of a group of two holds only its share of the partitions: nothing it could
    publish would let a job resume the group, so neither publishes while they share (a member
    alone, before the other joins, may)."""
    group, topic = unique_name("pair"), "demo"
    clicklog.produce(topic, 20_000, 23, START, INTERVAL_MS)
    partitions = len(kafka.end_offsets(topic))
    args = ["--topic", topic, "--group", group, "--from-beginning", "--output", "jsonl",
            "--checkpoint-interval", "1s", "--results-topic", "", "--metrics-port", "0",
            *WINDOW, *FAST_GROUP]
    # Each with a store local to it: such processes cannot form a scaled-out group, and go on
    # as two plain members, each with a share.
    pair = [Job(clicklog, tmp_path, f"member-{i}", *args, "--state-dir", tmp_path / f"m{i}",
                "--store", f"rocksdb:{tmp_path / f'm{i}-clicks'}") for i in range(2)]
    try:
        deadline = time.monotonic() + 60
        while not all(0 < share(job) < partitions for job in pair):
            assert time.monotonic() < deadline and all(j.process.poll() is None for j in pair), (
                "\n".join(j.stderr()[-2000:] for j in pair))
            time.sleep(0.3)
        time.sleep(1.5)  # a checkpoint published just before the split is delivered by now
        before = sum(kafka.end_offsets("clicklog-state").values())
        for job in pair:
            port = job.metrics_port()
            target = metric(port, "clicklog_checkpoints_total") + 3
            while metric(port, "clicklog_checkpoints_total") < target:
                assert time.monotonic() < deadline + 30, job.stderr()[-3000:]
                time.sleep(0.3)
        assert all(0 < share(job) < partitions for job in pair), "the group changed meanwhile"
    finally:
        for job in pair:
            job.process.send_signal(signal.SIGTERM)
        for job in pair:
            assert job.process.wait(timeout=20) == 0, job.stderr()[-3000:]
    assert sum(kafka.end_offsets("clicklog-state").values()) == before
