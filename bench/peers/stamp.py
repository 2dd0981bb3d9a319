"""Copies stdin to stdout line by line, each line prefixed with the wall-clock ms it arrived
and a tab: the time a live run's result came out (scripts/bench-latency)."""
import sys
import time

for line in sys.stdin:
    sys.stdout.write(f"{int(time.time() * 1000)}\t{line}")
    sys.stdout.flush()
