"""The daily second-hotel query written plainly with the Python cassandra-driver, against the
table `clicklog run --store cassandra://...` fills: the baseline for `clicklog second-hotel`
in docs/benchmarks.md. Reads the day's 32 buckets one after another with the driver's default
paging, groups the clicks by user, sorts each user's clicks by (time, partition, offset) and
reads off the second distinct hotel. Prints the answer as CSV (as clicklog does) to --out and
a timing line on stderr.

    python bench/second_hotel_baseline.py --port 9042 --keyspace clicklog --date 2026-11-27 --out a.csv
"""
import argparse
import sys
import time
from collections import defaultdict
from datetime import date

from cassandra.cluster import Cluster
from cassandra.query import SimpleStatement

BUCKETS = 32


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9042)
    parser.add_argument("--keyspace", required=True)
    parser.add_argument("--date", required=True, type=date.fromisoformat)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    started = time.monotonic()
    cluster = Cluster([args.host], port=args.port)
    session = cluster.connect(args.keyspace)
    session.default_timeout = 120
    select = SimpleStatement(
        "SELECT user_id, event_time, kafka_partition, kafka_offset, hotel FROM clicks "
        "WHERE day = %s AND bucket = %s", fetch_size=5000)
    clicks = defaultdict(list)
    rows = 0
    for bucket in range(BUCKETS):
        for r in session.execute(select, (args.date, bucket)):
            clicks[r.user_id].append((r.event_time, r.kafka_partition, r.kafka_offset, r.hotel))
            rows += 1
    answer = {}
    for user, list_ in clicks.items():
        list_.sort()
        first = list_[0][3]
        for *_, hotel in list_:
            if hotel != first:
                answer[user] = hotel
                break
    with open(args.out, "w") as out:
        out.write("user_id,hotel\n")
        for user in sorted(answer):
            out.write(f"{user},{answer[user]}\n")
    cluster.shutdown()
    print(f"baseline: {len(answer)} users with a second hotel from {rows} clicks of {len(clicks)} "
          f"users in {time.monotonic() - started:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
