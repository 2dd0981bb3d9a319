"""The second-hotel test data: a seeded data set from `clicklog produce` around a UTC midnight,
plus hand-made records for the cases the contract singles out, sent to chosen partitions."""
from datetime import datetime, timedelta, timezone

from confluent_kafka import Producer

import recount

# Users of the hand-made records, far from the generator's.
U = 900_000_000
# The data set simulates the hours around today's UTC midnight, which may still be ahead of the
# clock when a test runs just after it: the jobs that read it lift the ceiling on future times.
NO_CEILING = ("--max-future", "0")


def midnight_today():
    now = datetime.now(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc)


def iso(moment, ms=0):
    return (moment + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def tricky_records(midnight):
    """(partition, record) pairs, in sending order. With what the contract says of each."""
    t = iso(midnight, 3_600_000)  # 01:00 today

    def click(user, time, hotel, action="click"):
        return recount.click_log(user_id=user, time=time, action=action, hotel=hotel)

    return [
        # Same millisecond, different hotels, different partitions: partition 2 comes first,
        # whatever order they arrive in.
        (5, click(U + 1, t, "h-late-partition")),
        (2, click(U + 1, t, "h-early-partition")),
        # Same millisecond, same partition: the lower offset (sent first) comes first.
        (3, click(U + 2, t, "h-first-sent")),
        (3, click(U + 2, t, "h-second-sent")),
        (3, click(U + 2, t, "h-third-sent")),
        # One distinct hotel, clicked often: no row.
        (4, click(U + 3, t, "h-only")),
        (4, click(U + 3, iso(midnight, 3_600_001), "h-only")),
        (6, click(U + 3, iso(midnight, 3_600_002), "h-only")),
        # Across UTC midnight: yesterday has one hotel (no row); today's first is h-midnight.
        (7, click(U + 4, iso(midnight, -1), "h-before-midnight")),
        (7, click(U + 4, iso(midnight, 0), "h-midnight")),
        (7, click(U + 4, iso(midnight, 1), "h-after-midnight")),
        # Null users and empty hotels are not considered; nor is a search naming a hotel, nor a
        # "Click" with a capital C.
        (8, click(None, t, "h-anonymous")),
        (8, click(U + 5, t, "")),
        (8, click(U + 5, iso(midnight, 3_600_010), "h-real-first")),
        (8, click(U + 5, iso(midnight, 3_600_011), "h-search", action="search")),
        (8, click(U + 5, iso(midnight, 3_600_012), "h-capital", action="Click")),
        (8, click(U + 5, iso(midnight, 3_600_013), "h-real-second")),
        # A zone offset moves the click to yesterday (00:30+01:00 is 23:30Z).
        (9, click(U + 6, (midnight + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+01:00"),
                  "h-zoned-yesterday")),
        (9, click(U + 6, iso(midnight, 600_000), "h-today-a")),
        (9, click(U + 6, iso(midnight, 600_001), "h-today-b")),
        # Arrival order is not event order: the later click arrives first.
        (10, click(U + 7, iso(midnight, 3_600_500), "h-arrives-first")),
        (10, click(U + 7, iso(midnight, 3_600_400), "h-happened-first")),
        # A hotel name CSV must quote.
        (11, click(U + 8, t, "h-plain")),
        (11, click(U + 8, iso(midnight, 3_600_001), 'h, "quoted"')),
    ]


def send_to_partitions(bootstrap, topic, pairs):
    """Sends (partition, record) pairs, keyed by user id as clicklog's producer does."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all",
                         "enable.idempotence": True})
    errors = []
    for partition, record in pairs:
        key = None if record["user_id"] is None else str(record["user_id"]).encode()
        producer.produce(topic, key=key, value=recount.encode_single_object(record),
                         partition=partition,
                         on_delivery=lambda err, _msg: err and errors.append(err))
    assert producer.flush(60) == 0 and not errors, errors


def produce_data_set(clicklog, topic, midnight, count=40_000, seed=11, interval_ms=180):
    """The generator's events from 01:00 yesterday on (count * interval_ms long: with the
    defaults, two hours, so across midnight) and the tricky records."""
    start = midnight - timedelta(milliseconds=count * interval_ms // 2)
    clicklog.produce(topic, count, seed, iso(start), interval_ms)
    send_to_partitions(clicklog.bootstrap, topic, tricky_records(midnight))


def expected_tricky(midnight):
    """What the contract says of the hand-made users: {date: {user: hotel or None}}."""
    today = midnight.date()
    yesterday = today - timedelta(days=1)
    return {
        today: {U + 1: "h-late-partition", U + 2: "h-second-sent", U + 3: None,
                U + 4: "h-after-midnight", U + 5: "h-real-second", U + 6: "h-today-b",
                U + 7: "h-arrives-first", U + 8: 'h, "quoted"'},
        yesterday: {U + 4: None, U + 6: None},
    }
