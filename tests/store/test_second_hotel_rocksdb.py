"""End to end on the embedded broker and the embedded store: a seeded data set plus hand-made
records around a UTC midnight, saved by `clicklog run --store rocksdb:...`, answered by
`clicklog second-hotel` exactly as an independent recount says, the same from the streaming
state, unchanged by a replay; and the command behaves as cron needs (exit codes, --out)."""
from datetime import datetime, timedelta, timezone

import pytest

import second_hotel_data as data
import second_hotel_recount as sh
from kafka_io import unique_name


def run_store(clicklog, topic, store, group=None):
    return clicklog.replay(topic, group or unique_name("g"), "--store", store, "--state-days", "3",
                           *data.NO_CEILING,
                           dlq=f"{topic}-dlq" if topic != "clicklog" else "clicklog-dlq")


@pytest.fixture(scope="module")
def saved(clicklog, kafka, tmp_path_factory):
    """The data set in topic `clicklog`, saved once into a RocksDB store: (store, midnight,
    expected {date: {user: hotel}})."""
    midnight = data.midnight_today()
    data.produce_data_set(clicklog, "clicklog", midnight)
    store = f"rocksdb:{tmp_path_factory.mktemp('store') / 'db'}"
    run_store(clicklog, "clicklog", store)
    expected = sh.second_hotels(sh.considered_clicks(kafka.read_all("clicklog")))
    return store, midnight, expected


def days(midnight):
    return [midnight.date() - timedelta(days=1), midnight.date()]


def test_answers_equal_an_independent_recount(clicklog, saved):
    store, midnight, expected = saved
    for day in days(midnight):
        assert len(expected[day]) > 300, "the data set should give many users a second hotel"
        csv_rows = sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout)
        sh.assert_answer(csv_rows, expected[day], f"CSV of {day}")
        jsonl = clicklog.second_hotel("--date", day, "--store", store, "--output", "jsonl").stdout
        assert sh.parse_jsonl(jsonl) == csv_rows


def test_hand_made_cases(clicklog, saved):
    store, midnight, _ = saved
    for day, users in data.expected_tricky(midnight).items():
        got = dict(sh.parse_csv(clicklog.second_hotel("--date", day, "--store", store).stdout))
        for user, hotel in users.items():
            assert got.get(user) == hotel, f"user {user} on {day}"


def test_streaming_state_agrees_with_the_stored_clicks(clicklog, saved):
    store, midnight, expected = saved
    for day in days(midnight):
        live = clicklog.second_hotel("--date", day, "--store", store, "--from-state").stdout
        sh.assert_answer(sh.parse_csv(live), expected[day], f"streaming state of {day}")


def test_replay_changes_nothing(clicklog, saved):
    """The same records again, by a new group from the beginning, into the same store."""
    store, midnight, expected = saved
    before = {d: clicklog.second_hotel("--date", d, "--store", store).stdout for d in days(midnight)}
    run_store(clicklog, "clicklog", store)
    for day in days(midnight):
        assert clicklog.second_hotel("--date", day, "--store", store).stdout == before[day]
        live = clicklog.second_hotel("--date", day, "--store", store, "--from-state").stdout
        assert live == before[day]


def test_yesterday_and_out_file(clicklog, saved, tmp_path):
    store, midnight, expected = saved
    yesterday = datetime.now(timezone.utc).date() - timedelta(days=1)
    out = tmp_path / "answer.csv"
    out.write_text("old contents\n")
    done = clicklog.second_hotel("--date", "yesterday", "--store", store, "--out", out)
    assert done.stdout == "", "with --out nothing goes to stdout"
    assert out.read_text() == clicklog.second_hotel("--date", yesterday, "--store", store).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["answer.csv"], "no temporary file left"


def test_exit_codes_fit_cron(clicklog, saved, tmp_path):
    store, _, _ = saved
    usage = clicklog.second_hotel("--date", "2026-02-30", "--store", store, check=False)
    assert usage.returncode == 2 and "--date" in usage.stderr
    usage = clicklog.second_hotel("--date", "yesterday", "--store", "mysql://x", check=False)
    assert usage.returncode == 2 and "--store" in usage.stderr
    missing = clicklog.second_hotel("--date", "yesterday", "--store", f"rocksdb:{tmp_path / 'none'}",
                           check=False)
    assert missing.returncode == 1 and missing.stdout == ""
    assert len(missing.stderr.strip().splitlines()) == 1, missing.stderr
    empty_day = clicklog.second_hotel("--date", "2001-01-01", "--store", store)
    assert empty_day.stdout == "user_id,hotel\n"
