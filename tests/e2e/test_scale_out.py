"""A scaled-out group (`clicklog run --scale-out`, docs/scale-out.md) on the embedded broker: a
lone member joined by a second one mid-run stays exact before and after the join; a lone member
keeps its clicks in RocksDB and a newcomer is refused; plain processes (no --scale-out) form a
group when a second joins or when they start together, and ones with a local store never emit a
share instead. Every window printed equals the independent recount of the whole topic. The group through 20 kills is
test_scale_out_kills.py (with Cassandra)."""
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
from job_runs import (FAST_GROUP, INTERVAL_MS, START, WINDOW, Job, assert_cover_recount,  # noqa: E402
                      assert_each_equals_recount, member_args, metric, produce_live, recount_topic,
                      wait_for)


@pytest.fixture(scope="module")
def embedded_topics():
    # The mock cluster cannot create topics through the admin API. The "join" group's internal
    # topics are left to the mock, which makes them on first use with 4 partitions, so 8 input
    # partitions share each partials partition (test_scale_out_kills.py has one per input one).
    return ["clicklog", "clicklog-dlq", "join", "solo", "plain", "together", "local"]


def test_a_lone_member_joined_by_a_second_stays_exact(clicklog, kafka, tmp_path):
    args = member_args("join", "--topic", "join", "--dlq-topic", "clicklog-dlq", "--results-topic", "")
    clicklog.produce("join", 20_000, 11, START, INTERVAL_MS)
    first = Job(clicklog, tmp_path, "alone", *args, "--metrics-port", "0")
    deadline = time.monotonic() + 60
    while not first.windows():
        assert time.monotonic() < deadline and first.process.poll() is None, first.stderr()[-3000:]
        time.sleep(0.2)
    before = len(first.windows())
    assert "join-partials has 4 partition(s) for 32 input partitions" in first.stderr()
    # The member's metrics (docs/scale-out.md): both stages, their state and internal traffic.
    port = first.metrics_port()
    seen = {name: metric(port, re.escape(name)) for name in (
        "clicklog_merger", "clicklog_assigned_partitions", "clicklog_partials_published_total",
        'clicklog_partials_merged_total{outcome="applied"}', "clicklog_merge_checkpoints_total",
        'clicklog_state_bytes{stage="member"}', 'clicklog_state_bytes{stage="merge"}')}
    assert seen["clicklog_merger"] == 1 and all(seen.values()), seen
    live = produce_live(clicklog, "join", 12, recount.parse_time(START) + 20_000 * INTERVAL_MS, 1_000, 10)
    second = Job(clicklog, tmp_path, "joining", *args)
    assert live.wait(timeout=60) == 0, live.stderr.read()
    time.sleep(3)
    finals = [Job(clicklog, tmp_path, f"join-end-{n}", *args, "--until-end") for n in range(2)]
    for job in (first, second):
        job.process.send_signal(signal.SIGTERM)
        assert job.process.wait(timeout=30) == 0, job.stderr()[-3000:]
    for job in finals:
        assert job.process.wait(timeout=120) == 0, job.stderr()[-3000:]

    expected = recount_topic(kafka, "join")
    runs = [first, second, *finals]
    printed = [job.windows() for job in runs]
    for job, windows in zip(runs, printed):
        assert_each_equals_recount(windows, expected, job.out_path.name)
    assert_cover_recount(printed, expected)
    assert before > 0 and len(printed[0]) + len(printed[1]) > before, "windows before and after the join"


def test_a_lone_member_keeps_its_clicks_in_rocksdb_and_a_newcomer_is_refused(clicklog, kafka, tmp_path):
    """A RocksDB store is local to one process. A lone --scale-out member saves every click there;
    a member that joins its group with such a store stops with one line before it reads a record,
    the lone one goes on, and the windows and the day's second hotels from its store are exact."""
    args = member_args("solo", "--topic", "solo", "--results-topic", "")
    store = f"rocksdb:{tmp_path / 'solo-clicks'}"
    clicklog.produce("solo", 20_000, 13, START, INTERVAL_MS)
    first = Job(clicklog, tmp_path, "solo-first", *args, "--store", store)
    wait_for(lambda: "assigned 32 partition(s) of solo\n" in first.stderr() or None, 60,
             lambda: first.stderr()[-3000:])
    second = Job(clicklog, tmp_path, "solo-second", *args, "--store", f"rocksdb:{tmp_path / 'second'}")
    assert second.process.wait(timeout=60) == 1, second.stderr()[-3000:]
    errors = [line for line in second.stderr().splitlines() if "error" in line]
    assert len(errors) == 1, second.stderr()[-3000:]
    assert "use a shared store" in errors[0] and "group solo has another member" in errors[0], errors[0]
    assert second.stdout() == ""

    clicklog.produce("solo", 10_000, 14, recount.format_utc(recount.parse_time(START) + 20_000 * INTERVAL_MS),
                     INTERVAL_MS)
    time.sleep(3)
    assert first.process.poll() is None, first.stderr()[-3000:]
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(timeout=30) == 0, first.stderr()[-3000:]
    final = Job(clicklog, tmp_path, "solo-final", *args, "--store", store, "--until-end")
    assert final.process.wait(timeout=120) == 0, final.stderr()[-3000:]

    expected = recount_topic(kafka, "solo")
    printed = [first.windows(), final.windows()]
    for name, windows in zip(("first", "final"), printed):
        assert_each_equals_recount(windows, expected, name)
    assert_cover_recount(printed, expected)
    answers = sh.second_hotels(sh.considered_clicks(kafka.read_all("solo")))
    assert sum(len(want) for want in answers.values()) > 100, "too few second hotels to prove anything"
    for day, want in answers.items():
        sh.assert_answer(sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout), want,
                         f"second-hotel {day}")


def plain(clicklog, tmp_path, topic, name, *extra):
    """`clicklog run` as a user starts it, without --scale-out."""
    return Job(clicklog, tmp_path, name, "--topic", topic, "--group", topic, "--from-beginning",
               "--output", "jsonl", "--results-topic", "", "--checkpoint-interval", "1s", *WINDOW,
               *FAST_GROUP, *extra)


def test_a_second_plain_process_forms_a_group_with_the_first(clicklog, kafka, tmp_path):
    """Without --scale-out, a process joining the group of one that reads alone makes a scaled-out
    group with it: the first hands over the windows it holds, both go on as members, and windows
    keep coming, exact, while both run, after one leaves, and in a later bounded run."""
    clicklog.produce("plain", 20_000, 15, START, INTERVAL_MS)
    first = plain(clicklog, tmp_path, "plain", "plain-first", "--state-dir", tmp_path / "first")
    wait_for(lambda: first.windows() or None, 60, lambda: first.stderr()[-3000:])
    alone = len(first.windows())
    second = plain(clicklog, tmp_path, "plain", "plain-second", "--state-dir", tmp_path / "second")
    wait_for(lambda: ("handed the windows" in first.stderr() and
                      "form a scaled-out group" in second.stderr()) or None, 60,
             lambda: first.stderr()[-2000:] + second.stderr()[-2000:])
    live_from = recount.parse_time(START) + 20_000 * INTERVAL_MS
    live = produce_live(clicklog, "plain", 16, live_from, 1_000, 8)
    assert live.wait(timeout=60) == 0, live.stderr.read()
    # The members' rejoins and the merger's election take a few seconds on the mock.
    wait_for(lambda: any(w["window_end"] > live_from for job in (first, second) for w in job.windows())
             or None, 60, lambda: "no window of the live traffic while both ran:\n" +
             first.stderr()[-2000:] + second.stderr()[-2000:])
    assert first.process.poll() is None and second.process.poll() is None, "both run"
    second.process.send_signal(signal.SIGTERM)
    assert second.process.wait(timeout=30) == 0, second.stderr()[-3000:]
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(timeout=30) == 0, first.stderr()[-3000:]
    final = plain(clicklog, tmp_path, "plain", "plain-final", "--until-end")
    assert final.process.wait(timeout=120) == 0, final.stderr()[-3000:]
    assert "formed before" in final.stderr(), final.stderr()[-3000:]

    expected = recount_topic(kafka, "plain")
    printed = [first.windows(), second.windows(), final.windows()]
    for name, windows in zip(("first", "second", "final"), printed):
        assert_each_equals_recount(windows, expected, name)
    assert_cover_recount(printed, expected)
    assert alone > 0 and len(printed[0]) + len(printed[1]) > alone, "windows before and after the join"


def test_plain_processes_started_together_give_the_recount_and_end(clicklog, kafka, tmp_path):
    """Three plain `clicklog run --until-end` of one group, started at once: they form a group,
    every one exits 0, and the windows they print together are the recount, each exact."""
    clicklog.produce("together", 20_000, 17, START, INTERVAL_MS)
    members = [plain(clicklog, tmp_path, "together", f"together-{n}", "--until-end",
                     "--state-dir", tmp_path / f"together-{n}") for n in range(3)]
    for job in members:
        assert job.process.wait(timeout=120) == 0, job.stderr()[-3000:]
    expected = recount_topic(kafka, "together")
    printed = [job.windows() for job in members]
    for job, windows in zip(members, printed):
        assert_each_equals_recount(windows, expected, job.out_path.name)
    assert_cover_recount(printed, expected)


def test_plain_members_with_local_stores_never_emit_a_share_as_a_window(clicklog, kafka, tmp_path):
    """A plain process with a RocksDB store cannot hand its clicks to a group: a second one in its
    group leaves each a share of the partitions, neither emits a window while it holds a share, and
    the member left alone emits the windows it held back, exact."""
    def local(name, *extra):
        return plain(clicklog, tmp_path, "local", name, "--state-dir", tmp_path / name,
                     "--store", f"rocksdb:{tmp_path / name}-clicks", *extra)

    clicklog.produce("local", 20_000, 15, START, INTERVAL_MS)
    first = local("local-first")
    wait_for(lambda: first.windows() or None, 60, lambda: first.stderr()[-3000:])
    second = local("local-second")
    sharing = "of the topic's 32 partitions"
    wait_for(lambda: (sharing in first.stderr() and sharing in second.stderr()) or None, 60,
             lambda: first.stderr()[-2000:] + second.stderr()[-2000:])
    live = produce_live(clicklog, "local", 16, recount.parse_time(START) + 20_000 * INTERVAL_MS, 1_000, 8)
    assert live.wait(timeout=60) == 0, live.stderr.read()
    time.sleep(2)
    held_back = len(first.windows())
    second.process.send_signal(signal.SIGTERM)
    assert second.process.wait(timeout=30) == 0, second.stderr()[-3000:]
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(timeout=30) == 0, first.stderr()[-3000:]
    final = plain(clicklog, tmp_path, "local", "local-final", "--state-dir", tmp_path / "local-first",
                  "--store", f"rocksdb:{tmp_path / 'local-first'}-clicks", "--until-end")
    assert final.process.wait(timeout=120) == 0, final.stderr()[-3000:]

    expected = recount_topic(kafka, "local")
    printed = [first.windows(), second.windows(), final.windows()]
    for name, windows in zip(("first", "second", "final"), printed):
        assert_each_equals_recount(windows, expected, name)
    assert_cover_recount(printed, expected)
    assert printed[1] == [], "a member that only ever held a share emitted windows"
    assert len(printed[0]) + len(printed[2]) > held_back, "the windows held back came out"
