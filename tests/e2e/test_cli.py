"""The command line as a new user meets it: help, wrong flags, unreachable brokers, the
embedded demo. Exit status 0 done, 2 usage error with a one-line reason, 1 failure."""
import json
import subprocess
import time

import pytest


def run(binary, *args, timeout=60):
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["broker", "produce", "run", "demo"])
def test_help_describes_every_command(binary, command):
    done = run(binary, command, "--help")
    assert done.returncode == 0
    assert f"clicklog {command}" in done.stdout and "--help" in done.stdout


@pytest.mark.parametrize("args, reason", [
    (["frobnicate"], "frobnicate"),
    (["run", "--brokers", "127.0.0.1:1", "--no-such-flag"], "--no-such-flag"),
    (["run"], "--brokers is required"),
    (["run", "-b", "127.0.0.1:1", "--slide", "7x"], "'7x' is not a duration"),
    (["run", "-b", "127.0.0.1:1", "--window", "25s", "--slide", "10s"], "multiple of slide"),
    (["run", "-b", "127.0.0.1:1", "--output", "xml"], "--output"),
    (["run", "-b", "127.0.0.1:1", "-X", "nonsense"], "key=value"),
    (["run", "-b", "127.0.0.1:1", "--max-future", "soon"], "--max-future: 'soon' is not a duration"),
    (["produce", "-b", "127.0.0.1:1", "--start", "yesterday-ish"], "--start"),
    (["run", "-b", "127.0.0.1:1", "--log-level", "loud"], "--log-level"),
])
def test_usage_errors_exit_2_with_a_reason(binary, args, reason):
    done = run(binary, *args)
    assert done.returncode == 2, done
    assert done.stdout == ""
    first = done.stderr.splitlines()[0]
    assert first.startswith("clicklog: ") and reason in first, done.stderr
    assert "Usage:" in done.stderr


@pytest.mark.parametrize("command", [["run"], ["produce", "--count", "10"]])
def test_unreachable_broker_fails_fast_with_exit_1(binary, command):
    started = time.monotonic()
    done = run(binary, *command, "--brokers", "127.0.0.1:1", "--timeout", "2s")
    assert done.returncode == 1
    assert time.monotonic() - started < 20
    assert "cannot reach Kafka at 127.0.0.1:1" in done.stderr.strip().splitlines()[-1]


def test_unknown_librdkafka_property_is_a_failure_naming_it(binary, embedded):
    done = run(binary, "run", "--brokers", embedded, "-X", "no.such.property=1")
    assert done.returncode == 1
    assert "no.such.property" in done.stderr


@pytest.mark.parametrize("start, warned", [("2099-01-01T00:00:00Z", True), ("2026-01-01T00:00:00Z", False)])
def test_produce_warns_before_sending_times_a_job_would_refuse(binary, embedded, start, warned):
    """--start in the future: a job with the default --max-future dead-letters those events."""
    done = run(binary, "produce", "--brokers", embedded, "--topic", "clicklog", "--count", "10",
               "--start", start, "--event-interval-ms", "1", "--progress", "off")
    assert done.returncode == 0, done.stderr
    said = "dead-letters them (future_time) unless it runs with --max-future 0" in done.stderr
    assert said == warned, done.stderr
    if warned:
        assert "event times from 2099-01-01T00:00:00" in done.stderr, done.stderr


def test_demo_prints_windows_as_json_lines(binary):
    """`clicklog demo` needs no outside service: within its duration it prints results."""
    done = run(binary, "demo", "--duration", "14s", "--window", "1m", "--slide", "2s",
               "--lateness", "1s", "--rate", "3000", "--output", "jsonl", timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) >= 3, done.stderr
    ends = [line["window_end"] for line in lines]
    assert ends == sorted(ends) and len(set(ends)) == len(ends)
    for line in lines:
        counts = [entry["searches"] for entry in line["top"]]
        assert counts == sorted(counts, reverse=True) and 0 < len(counts) <= 10
    assert "clicklog summary" in done.stderr


def test_demo_table_output(binary):
    done = run(binary, "demo", "--duration", "8s", "--slide", "2s", "--lateness", "1s",
               "--output", "table", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Top 10 destinations" in done.stdout and "searches" in done.stdout


def test_metrics_endpoint_serves_prometheus_text(binary):
    """--metrics-port exposes the job's counters (records, bad records by reason) live."""
    import re
    import urllib.request

    demo = subprocess.Popen([str(binary), "demo", "--duration", "12s", "--slide", "2s",
                             "--metrics-port", "0", "--output", "jsonl"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    try:
        port = None
        for line in demo.stderr:
            found = re.search(r"metrics at http://127\.0\.0\.1:(\d+)/metrics", line)
            if found:
                port = int(found.group(1))
                break
        assert port, "the demo did not announce its metrics endpoint"
        time.sleep(6)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
        records = re.search(r"^clicklog_records_total (\d+)$", text, re.M)
        assert records and int(records.group(1)) > 0, text
        assert "# TYPE clicklog_records_total counter" in text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
            assert response.read() == b"ok\n"
    finally:
        assert demo.wait(timeout=60) == 0


def test_log_level_keeps_info_lines_off_stderr(binary):
    """--log-level warn: the job's info lines (and librdkafka's) leave stderr; results stay."""
    loud = run(binary, "demo", "--duration", "5s", "--slide", "1s", "--window", "2s",
               "--lateness", "1s", "--output", "jsonl", timeout=60)
    quiet = run(binary, "demo", "--duration", "5s", "--slide", "1s", "--window", "2s",
                "--lateness", "1s", "--output", "jsonl", "--log-level", "warn", timeout=60)
    assert loud.returncode == 0 and quiet.returncode == 0, quiet.stderr
    assert "clicklog info:" in loud.stderr
    assert "clicklog info:" not in quiet.stderr
    assert quiet.stdout.strip(), "results are never filtered"
