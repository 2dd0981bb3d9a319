"""End to end against a real Cassandra (the node of scripts/cassandra): the same data set as
the RocksDB test saved by `clicklog run --store cassandra://...`, answered exactly; the rows
clicklog wrote read back identically by an independent client (the Python cassandra-driver);
a replay changes nothing; and Cassandra stopped in the middle of a run and started again:
the job waits without committing, resumes, and the answers are still exact."""
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cassandra.cluster import Cluster

import second_hotel_data as data
import second_hotel_recount as sh
from kafka_io import unique_name
from test_second_hotel_rocksdb import days

ROOT = Path(__file__).resolve().parents[2]
EPOCH = datetime(1970, 1, 1)


@pytest.fixture(scope="module")
def cql(cassandra_port):
    cluster = Cluster(["127.0.0.1"], port=cassandra_port, connect_timeout=30)
    session = cluster.connect()
    session.default_timeout = 60
    yield session
    cluster.shutdown()


def drop_keyspace(port, name):
    """With a connection of its own: the module's may still be reconnecting after the node
    was restarted."""
    cluster = Cluster(["127.0.0.1"], port=port, connect_timeout=30)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                cluster.connect().execute(f"DROP KEYSPACE IF EXISTS {name}", timeout=120)
                return
            except Exception:  # the driver raises several types while the node comes up
                if time.monotonic() > deadline:
                    raise
                time.sleep(2)
    finally:
        cluster.shutdown()


@pytest.fixture(scope="module")
def keyspace(cassandra_port):
    name = unique_name("second_hotel").replace("-", "_")
    yield name
    drop_keyspace(cassandra_port, name)


@pytest.fixture(scope="module")
def saved(clicklog, kafka, cassandra_port, keyspace):
    midnight = data.midnight_today()
    data.produce_data_set(clicklog, "clicklog", midnight)
    store = f"cassandra://127.0.0.1:{cassandra_port}/{keyspace}?replication=1"
    clicklog.replay("clicklog", unique_name("g"), "--store", store, "--state-days", "3",
                    *data.NO_CEILING, dlq="clicklog-dlq")
    records = kafka.read_all("clicklog")
    clicks = sh.considered_clicks(records)
    return store, midnight, clicks, sh.second_hotels(clicks)


def test_answers_equal_an_independent_recount(clicklog, saved):
    store, midnight, _, expected = saved
    for day in days(midnight):
        rows = sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout)
        sh.assert_answer(rows, expected[day], f"CSV of {day}")
        live = clicklog.second_hotel("--date", day, "--store", store, "--from-state").stdout
        sh.assert_answer(sh.parse_csv(live), expected[day], f"streaming state of {day}")
    for day, users in data.expected_tricky(midnight).items():
        got = dict(sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout))
        for user, hotel in users.items():
            assert got.get(user) == hotel, f"user {user} on {day}"


def test_an_independent_client_reads_the_same_rows(clicklog, saved, cql, keyspace):
    store, midnight, clicks, expected = saved
    for day in days(midnight):
        clicklog.second_hotel("--date", day, "--store", store)
        stored = set()
        for bucket in range(32):
            for row in cql.execute(
                    f"SELECT user_id, event_time, kafka_partition, kafka_offset, hotel "
                    f"FROM {keyspace}.clicks WHERE day = %s AND bucket = %s", (day, bucket)):
                # The driver gives timestamps as naive UTC datetimes.
                ms = (row.event_time - EPOCH) // timedelta(milliseconds=1)
                stored.add((row.user_id, ms, row.kafka_partition, row.kafka_offset, row.hotel))
        want = {c for c in clicks if sh.utc_date(c[1]) == day}
        assert stored == want, f"{day}: {len(stored - want)} unexpected rows, {len(want - stored)} missing"
        results = {r.user_id: r.hotel for r in cql.execute(
            f"SELECT user_id, hotel FROM {keyspace}.second_hotel_results WHERE day = %s", (day,))}
        assert results == expected[day]
        live = {r.user_id: r.hotel for r in cql.execute(
            f"SELECT user_id, hotel FROM {keyspace}.second_hotel_live WHERE day = %s", (day,))}
        assert live == expected[day]


def test_replay_changes_nothing(clicklog, saved, cql, keyspace):
    store, midnight, clicks, expected = saved
    clicklog.replay("clicklog", unique_name("again"), "--store", store, "--state-days", "3",
                    *data.NO_CEILING, dlq="clicklog-dlq")
    total = 0
    for day in days(midnight):
        rows = sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout)
        sh.assert_answer(rows, expected[day], f"{day} after a replay")
        for bucket in range(32):
            total += cql.execute(f"SELECT count(*) FROM {keyspace}.clicks WHERE day = %s AND "
                                 f"bucket = %s", (day, bucket)).one()[0]
    assert total == len(clicks), "a replayed record overwrites its own row"


def test_unreachable_store_fails_within_the_timeout(clicklog):
    started = time.monotonic()
    done = clicklog.second_hotel("--date", "yesterday", "--store", "cassandra://127.0.0.1:1/ks",
                        "--timeout", "2s", check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "cassandra" in done.stderr
    assert time.monotonic() - started < 30


def cassandra_script(command):
    done = subprocess.run([str(ROOT / "scripts" / "cassandra"), command], capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"scripts/cassandra {command}:\n{done.stderr[-3000:]}"


def wait_for(condition, what, timeout_s):
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_store_down_in_the_middle_of_a_run(clicklog, kafka, cassandra_port):
    """Cassandra goes away while the job runs: the job holds its batch, commits nothing past
    it, logs why, and carries on once Cassandra is back; the answers come out exact."""
    keyspace = unique_name("down").replace("-", "_")
    store = f"cassandra://127.0.0.1:{cassandra_port}/{keyspace}?replication=1"
    midnight = data.midnight_today()
    group = unique_name("down")
    start = midnight - timedelta(hours=1)
    clicklog.produce("down", 20_000, 5, data.iso(start), 200)
    job = clicklog.start("run", "--topic", "down", "--dlq-topic", "down-dlq", "--group", group,
                         "--from-beginning", "--output", "jsonl", "--store", store,
                         "--state-days", "3", *data.NO_CEILING)
    try:
        first_ends = kafka.end_offsets("down")
        wait_for(lambda: kafka.committed(group, "down") == first_ends, "the first part committed", 180)
        cassandra_script("stop")
        # More records while the store is down: none of them may be committed.
        clicklog.produce("down", 20_000, 6, data.iso(start, 20_000 * 200), 200)
        wait_for(lambda: "committing no offsets past them" in job.stderr(), "a store failure logged", 120)
        time.sleep(5)
        assert job.alive(), f"the job stopped while the store was down:\n{job.stderr()[-3000:]}"
        assert kafka.committed(group, "down") == first_ends
        cassandra_script("start")
        all_ends = kafka.end_offsets("down")
        wait_for(lambda: kafka.committed(group, "down") == all_ends, "everything committed", 300)
        assert "is back" in job.stderr()
    finally:
        code, _, stderr = job.stop()
    assert code == 0, stderr[-3000:]
    expected = sh.second_hotels(sh.considered_clicks(kafka.read_all("down")))
    for day in days(midnight):
        rows = sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout)
        sh.assert_answer(rows, expected[day], f"{day} after the store came back")
        live = clicklog.second_hotel("--date", day, "--store", store, "--from-state").stdout
        sh.assert_answer(sh.parse_csv(live), expected[day], f"streaming state of {day}")
    drop_keyspace(cassandra_port, keyspace)
