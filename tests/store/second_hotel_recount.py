"""An independent reading of CONTRACT.md section 3, to hold clicklog's second-hotel answers
against: from Kafka records (partition, offset, value) to {day: {user_id: hotel}}. Nothing
here uses clicklog's code; it follows the contract's text, with the time parser of recount.py.
"""
import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta

import recount

DAY_MS = 86_400_000
EPOCH = date(1970, 1, 1)


def utc_date(epoch_ms):
    return EPOCH + timedelta(days=epoch_ms // DAY_MS)


def considered(record):
    """A click the query considers: action "click", a user, a non-empty hotel, a valid time."""
    return (record is not None and record.get("action") == "click"
            and record.get("user_id") is not None and bool(record.get("hotel"))
            and recount.parse_time(record.get("time")) is not None)


def considered_clicks(records, value_format="single-object"):
    """[(user_id, time_ms, partition, offset, hotel)] of kafka_io Records."""
    out = []
    for r in records:
        event = recount.decode_value(r.value, value_format)
        if considered(event):
            out.append((event["user_id"], recount.parse_time(event["time"]), r.partition, r.offset,
                        event["hotel"]))
    return out


def second_hotels(clicks):
    """{date: {user_id: hotel}} from considered clicks, each (partition, offset) once."""
    per_user_day = defaultdict(dict)
    for user, t, partition, offset, hotel in clicks:
        per_user_day[(utc_date(t), user)][(partition, offset)] = (t, partition, offset, hotel)
    answers = defaultdict(dict)
    for (day, user), by_record in per_user_day.items():
        ordered = sorted(by_record.values())
        first = ordered[0][3]
        for _, _, _, hotel in ordered:
            if hotel != first:
                answers[day][user] = hotel
                break
    return answers


def parse_csv(text):
    """clicklog's CSV as [(user_id, hotel)], checking the header."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and rows[0] == ["user_id", "hotel"], f"bad CSV header: {rows[:1]}"
    return [(int(u), h) for u, h in rows[1:]]


def parse_jsonl(text):
    out = []
    for line in text.splitlines():
        row = json.loads(line)
        assert set(row) == {"user_id", "hotel"}, line
        out.append((row["user_id"], row["hotel"]))
    return out


def assert_answer(rows, expected, what):
    """rows: [(user_id, hotel)] as printed; expected: {user_id: hotel}."""
    users = [u for u, _ in rows]
    assert users == sorted(users) and len(set(users)) == len(users), \
        f"{what}: rows are not in strictly increasing user id"
    got = dict(rows)
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    wrong = sorted(u for u in set(got) & set(expected) if got[u] != expected[u])
    assert not (missing or extra or wrong), (
        f"{what}: {len(missing)} missing (first {missing[:3]}), {len(extra)} extra "
        f"(first {extra[:3]}), {len(wrong)} wrong "
        f"(first {[(u, got[u], expected[u]) for u in wrong[:3]]})")
