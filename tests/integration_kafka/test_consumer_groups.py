"""Consumer groups on a real Kafka (CONTRACT.md section 4): jobs of one group split the
partitions, a job resumes from its group's committed offsets, and `--from-beginning` applies
only to partitions where the group has no committed position."""
import time

from kafka_io import unique_name
from recount import assert_same_results, decode_value, parse_jsonl_results, top_destinations

WAIT_S = 90


def wait_for(what, check, timeout=WAIT_S, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in processes:
            assert p.alive(), f"clicklog exited early ({p.process.returncode}):\n{p.stderr()[-3000:]}"
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_two_jobs_in_one_group_split_the_partitions(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-split"), 4, replication)
    dlq = kafka.create_topic(unique_name("it-split-dlq"), 1, replication)
    clicklog.produce(topic, 4_000, 21, "2026-11-27T09:00:00Z", 100)
    group = unique_name("it-group")
    jobs = [clicklog.start("run", "--topic", topic, "--group", group, "--from-beginning",
                           "--output", "jsonl", "--dlq-topic", dlq) for _ in range(2)]
    try:
        def split():
            members = kafka.assignments(group)
            owned = [parts for parts in members.values() if parts]
            return owned if len(owned) == 2 else None

        owned = wait_for("both jobs to own partitions", split, processes=jobs)
        assert owned[0].isdisjoint(owned[1]), f"a partition is owned twice: {owned}"
        assert owned[0] | owned[1] == {0, 1, 2, 3}

        # Both jobs work through their share: the group commits every partition to its end.
        ends = kafka.end_offsets(topic)
        wait_for("the group to commit every partition to its end",
                 lambda: kafka.committed(group, topic) == ends, processes=jobs)
    finally:
        stopped = [job.stop() for job in jobs]
    for code, _, err in stopped:
        assert code == 0, f"clicklog run exited {code} on SIGTERM:\n{err[-3000:]}"


def test_a_restarted_job_resumes_from_committed_offsets(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-resume"), 3, replication)
    dlq = kafka.create_topic(unique_name("it-resume-dlq"), 1, replication)
    group = unique_name("it-group")

    clicklog.produce(topic, 3_000, 31, "2026-11-27T09:00:00Z", 100)
    first_batch = [decode_value(r.value) for r in kafka.read_all(topic)]
    out = clicklog.replay(topic, group, dlq=dlq)
    assert_same_results(parse_jsonl_results(out), top_destinations(first_batch))
    assert kafka.committed(group, topic) == kafka.end_offsets(topic)

    # A day later in event time, so that no window could hold events of both batches.
    before = kafka.end_offsets(topic)
    clicklog.produce(topic, 2_000, 32, "2026-11-28T09:00:00Z", 100)
    second_batch = [decode_value(r.value) for r in kafka.read_all(topic)
                    if r.offset >= before[r.partition]]
    assert len(second_batch) == 2_000
    # --from-beginning again: the group has positions everywhere, so it must not re-read.
    out = clicklog.replay(topic, group, dlq=dlq)
    assert_same_results(parse_jsonl_results(out), top_destinations(second_batch))
    assert kafka.committed(group, topic) == kafka.end_offsets(topic)


def test_from_beginning_applies_only_where_nothing_is_committed(kafka, clicklog, replication):
    topic = kafka.create_topic(unique_name("it-partial"), 2, replication)
    dlq = kafka.create_topic(unique_name("it-partial-dlq"), 1, replication)
    clicklog.produce(topic, 3_000, 41, "2026-11-27T09:00:00Z", 100)
    records = kafka.read_all(topic)
    ends = kafka.end_offsets(topic)
    assert all(end > 100 for end in ends.values()), f"too little data in a partition: {ends}"

    # The group has read half of partition 0 and nothing of partition 1.
    group = unique_name("it-group")
    halfway = ends[0] // 2
    kafka.commit(group, topic, {0: halfway})
    wanted = [decode_value(r.value) for r in records
              if r.partition == 1 or r.offset >= halfway]
    out = clicklog.replay(topic, group, dlq=dlq)
    assert_same_results(parse_jsonl_results(out), top_destinations(wanted))
    assert kafka.committed(group, topic) == ends


def test_a_static_member_killed_and_restarted_takes_its_partitions_back_at_once(
        kafka, clicklog, replication, tmp_path):
    """--instance-id: the restarted member gets its partitions without waiting for the killed
    one's session (45 s by default) to expire, and reads on to the end."""
    topic = kafka.create_topic(unique_name("it-static"), 4, replication)
    dlq = kafka.create_topic(unique_name("it-static-dlq"), 1, replication)
    clicklog.produce(topic, 2_000, 31, "2026-11-27T09:00:00Z", 100)
    group = unique_name("it-static-group")
    args = ("run", "--topic", topic, "--group", group, "--instance-id", "member-a",
            "--from-beginning", "--output", "jsonl", "--dlq-topic", dlq, "--results-topic", "",
            "--state-topic", "", "--state-dir", str(tmp_path / "state"))
    first = clicklog.start(*args)
    try:
        wait_for("the first job's first record", lambda: "first record" in first.stderr(),
                 processes=[first])
    finally:
        first.process.kill()
        first.process.wait()
    killed = time.monotonic()
    clicklog.produce(topic, 2_000, 32, "2026-11-27T10:00:00Z", 100)
    second = clicklog.start(*args)
    try:
        wait_for("the restarted job's first record", lambda: "first record" in second.stderr(),
                 processes=[second])
        waited = time.monotonic() - killed
        assert waited < 25, f"the restarted static member waited {waited:.1f} s, as if for the " \
                            f"killed member's session:\n{second.stderr()[-3000:]}"
        members = kafka.assignments(group)
        assert [parts for parts in members.values() if parts] == [{0, 1, 2, 3}], members
        ends = kafka.end_offsets(topic)
        wait_for("the group to commit every partition to its end",
                 lambda: kafka.committed(group, topic) == ends, processes=[second])
    finally:
        code, _, err = second.stop()
    assert code == 0, f"clicklog run exited {code} on SIGTERM:\n{err[-3000:]}"
