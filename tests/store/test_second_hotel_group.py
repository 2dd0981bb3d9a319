"""The streaming second-hotel state of a scaled-out group follows its partitions (issue 9), on
the embedded broker and the real Cassandra of scripts/cassandra: two `clicklog run --scale-out`
members share a store; each holds only its partitions' users, and /api/second-hotel answers the
other member's users from the store. One leaves, the other takes its partitions over and must
answer its users from everything they clicked, including what the member that left saved. The
live answers (`second-hotel --from-state`) and the recomputed ones equal the independent
recount."""
import json
import re
import time
import urllib.request

import pytest

import recount
import second_hotel_recount as sh
from kafka_io import unique_name
from test_second_hotel_cassandra import drop_keyspace

TOPIC, DLQ, GROUP = "group-clicks", "group-clicks-dlq", "hotels"
USERS = 200
FAST_GROUP = ["-X", "session.timeout.ms=3100", "-X", "heartbeat.interval.ms=300"]


@pytest.fixture(scope="module")
def embedded_topics():
    return [TOPIC, DLQ, f"{GROUP}-partials", f"{GROUP}-merge"]


def clicks(users, hotel, t_ms):
    """One click per user on `hotel`, keyed by user: a user's clicks share a partition."""
    return [(str(u).encode(), recount.encode_single_object(recount.click_log(
        user_id=u, time=recount.format_utc(t_ms + u), action="click", destination="rome",
        hotel=hotel))) for u in users]


def wait_for(condition, what, job_list, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for job in job_list:
            assert job.alive(), f"a member ended:\n{job.stderr()[-3000:]}"
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}:\n{job_list[-1].stderr()[-3000:]}")


def api_answer(member, user, day):
    url = re.search(r"http at (http://\S+/) ", member.stderr()).group(1)
    with urllib.request.urlopen(f"{url}api/second-hotel?user={user}&date={day}", timeout=10) as r:
        return json.loads(r.read())


def state_users(member):
    """The member's clicklog_second_hotel_state_users gauge; None before its first report."""
    url = re.search(r"http at (http://\S+/) ", member.stderr()).group(1)
    with urllib.request.urlopen(f"{url}metrics", timeout=10) as r:
        found = re.search(r"^clicklog_second_hotel_state_users (\d+)$", r.read().decode(),
                          re.MULTILINE)
    return int(found.group(1)) if found else None


def test_a_member_taking_over_partitions_answers_their_users_exactly(clicklog, kafka,
                                                                     cassandra_port):
    keyspace = unique_name("group_hotels").replace("-", "_")
    store = f"cassandra://127.0.0.1:{cassandra_port}/{keyspace}?replication=1"
    args = ["--topic", TOPIC, "--dlq-topic", DLQ, "--group", GROUP, "--scale-out",
            "--from-beginning", "--store", store, "--output", "jsonl", "--http", "0", *FAST_GROUP]
    now = int(time.time() * 1000) - 10 * 60_000
    today = recount.format_utc(now)[:10]

    def live_answers():
        return dict(sh.parse_csv(clicklog.second_hotel("--date", today, "--store", store,
                                                       "--from-state").stdout))

    a = clicklog.start("run", *args)
    b = clicklog.start("run", *args)
    c = None
    try:
        wait_for(lambda: all("assigned 8 partition(s)" in m.stderr() for m in (a, b)),
                 "both members to hold half of the 16 partitions", [a, b])
        # Every user's first two hotels, read by both members.
        old = range(USERS)
        kafka.send(TOPIC, clicks(old, "h1", now) + clicks(old, "h2", now + 1000))
        wait_for(lambda: live_answers() == {u: "h2" for u in old}, "every user's answer h2", [a, b])
        # Each member holds its partitions' users; the look-up answers every user, the other
        # member's from the store.
        held = [state_users(m) for m in (a, b)]
        assert sum(held) == USERS and all(0 < n < USERS for n in held), held
        sources = {api_answer(a, u, today)["source"] for u in old}
        assert sources == {"state", "store"}, sources
        assert all(api_answer(a, u, today)["second_hotel"] == "h2" for u in old)

        code, _, err = a.stop()
        assert code == 0, err[-3000:]
        # b now reads a's partitions too. Later clicks change nobody's second hotel; new users
        # sent last in each partition show when b has read everything.
        new = range(USERS, 2 * USERS)
        kafka.send(TOPIC, clicks(old, "h3", now + 2000) + clicks(old, "h4", now + 3000) +
                   clicks(new, "h1", now + 2000) + clicks(new, "h5", now + 3000))
        wait_for(lambda: set(new) <= set(live_answers()), "the new users' answers", [b])
        # A member joining later loads only its partitions' users; b forgets those it gave away.
        c = clicklog.start("run", *args)
        wait_for(lambda: "assigned 8 partition(s)" in c.stderr() and
                 b.stderr().count("assigned 8 partition(s)") >= 2, "b and c to share", [b, c])
        # The gauges report once the members have loaded and forgotten: a member that loaded
        # every user would keep the sum above the users there are.
        held = []

        def shared():
            held[:] = [state_users(m) for m in (b, c)]
            return None not in held and sum(held) == 2 * USERS

        wait_for(shared, f"b and c to hold the {2 * USERS} users between them (now {held})", [b, c])
        assert all(0 < n < 2 * USERS for n in held), held
    finally:
        for member in (a, b, c):
            if member:
                member.stop()

    expected = sh.second_hotels(sh.considered_clicks(kafka.read_all(TOPIC)))
    assert len(expected) == 1, "the clicks are of one UTC day"
    want = next(iter(expected.values()))
    assert want == {**{u: "h2" for u in old}, **{u: "h5" for u in new}}
    sh.assert_answer(sh.parse_csv(clicklog.second_hotel(
        "--date", today, "--store", store, "--from-state").stdout), want, "live answers")
    sh.assert_answer(sh.parse_csv(clicklog.second_hotel("--date", today, "--store", store).stdout),
                     want, "recomputed answers")
    drop_keyspace(cassandra_port, keyspace)
