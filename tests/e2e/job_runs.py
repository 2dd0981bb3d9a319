"""Streaming jobs run in the background as a user would, for the tests that stop, kill and
restart them (crash recovery, the state topic): the job itself, live traffic beside it, and the
check of every window it printed against the independent recount."""
import os
import re
import subprocess
import time
import urllib.request

import recount

START = "2026-11-27T00:00:00Z"
INTERVAL_MS = 10
WINDOW = ["--window", "1m", "--slide", "10s"]
# The embedded broker (librdkafka's mock) drops a killed member only after its session timeout,
# and holds the group's next rebalance until then: a short session keeps restarts at ~5 s. It
# must stay above the mock's 3 s initial rebalance delay.
FAST_GROUP = ["-X", "session.timeout.ms=3100", "-X", "heartbeat.interval.ms=300"]


def member_args(group, *extra):
    """A --scale-out member of `group` reading from the beginning, its windows as JSON lines."""
    return ["--group", group, "--scale-out", "--from-beginning", "--output", "jsonl", *WINDOW,
            *FAST_GROUP, *extra]


def wait_for(what, seconds, why):
    """what()'s first answer other than None; fails with why() after `seconds`."""
    deadline = time.monotonic() + seconds
    while (found := what()) is None:
        assert time.monotonic() < deadline, why()
        time.sleep(0.2)
    return found


class Job:
    """`clicklog run` in the background with its stdout and stderr in files."""

    def __init__(self, clicklog, folder, name, *args, env=None):
        self.out_path, self.err_path = folder / f"{name}.out", folder / f"{name}.err"
        command = [clicklog.binary, "run", "--brokers", clicklog.bootstrap, *map(str, args)]
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                            env={**os.environ, **(env or {})})

    def stdout(self):
        return self.out_path.read_text()

    def stderr(self):
        return self.err_path.read_text()

    def complete_lines(self):
        """The JSON lines written whole: a SIGKILL may cut the last one."""
        text = self.stdout()
        return text[:text.rfind("\n") + 1]

    def metrics_port(self):
        """The port of `--metrics-port 0` once the job has said it, else None."""
        found = re.search(r"metrics at http://127\.0\.0\.1:(\d+)/metrics", self.stderr())
        return int(found.group(1)) if found else None

    def windows(self):
        return recount.parse_jsonl_results(self.complete_lines())


def metric(port, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    found = re.search(rf"^{name} (\d+)$", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def produce_live(clicklog, topic, seed, start_ms, rate, seconds):
    """Live traffic whose event times continue the backlog's, so no partition goes back in time."""
    start = recount.format_utc(start_ms)
    return subprocess.Popen(
        [clicklog.binary, "produce", "--brokers", clicklog.bootstrap, "--topic", topic,
         "--rate", str(rate), "--duration", f"{seconds}s", "--seed", str(seed),
         "--start", start, "--event-interval-ms", str(INTERVAL_MS), "--progress", "off"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)


def recount_topic(kafka, topic):
    events = [recount.decode_value(r.value) for r in kafka.read_all(topic)]
    return recount.top_destinations(events, window_ms=60_000, slide_ms=10_000)


def assert_each_equals_recount(windows, expected, where):
    by_end = {w["window_end"]: w for w in expected}
    for w in windows:
        end = w["window_end"]
        assert end in by_end, f"{where}: window ending {recount.format_utc(end)} holds no data"
        assert w == by_end[end], f"{where}: window ending {recount.format_utc(end)}:\n got  {w}\n want {by_end[end]}"


def assert_cover_recount(printed_runs, expected):
    seen = {w["window_end"] for windows in printed_runs for w in windows}
    missing = [w["window_end"] for w in expected if w["window_end"] not in seen]
    assert not missing, f"{len(missing)} windows never printed, first {recount.format_utc(missing[0])}"
