"""The HTTP endpoint (CONTRACT.md section 7, docs/http-api.md) against a live `clicklog demo`
and a `clicklog run` on the embedded broker: what the API returns equals the JSON lines the job
prints; bad parameters and unknown paths get JSON errors; a stream client that never reads
does not hold up the job."""
import json
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

import job_runs


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


def get_error(url):
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(url, timeout=5)
    body = failure.value.read().decode()
    return failure.value.code, json.loads(body)


class Demo:
    """`clicklog demo` with fast windows, its JSON lines collected as they are printed."""

    def __init__(self, binary, *extra):
        self.process = subprocess.Popen(
            [str(binary), "demo", "--duration", "40s", "--window", "10s", "--slide", "1s",
             "--lateness", "1s", "--rate", "2000", "--output", "jsonl", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        self.lines, self.stderr_lines = [], []
        self.url = None
        announced = threading.Event()

        def read_stderr():
            for line in self.process.stderr:
                self.stderr_lines.append(line)
                found = re.search(r"http at (http://\S+/) ", line)
                if found:
                    self.url = found.group(1)
                    announced.set()
            announced.set()

        def read_stdout():
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))

        threading.Thread(target=read_stderr, daemon=True).start()
        threading.Thread(target=read_stdout, daemon=True).start()
        announced.wait(30)
        assert self.url, "".join(self.stderr_lines)

    def wait_for_windows(self, n, seconds=30):
        deadline = time.monotonic() + seconds
        while len(self.lines) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.lines) >= n, f"only {len(self.lines)} windows printed"

    def stop(self):
        self.process.terminate()
        assert self.process.wait(timeout=60) == 0, "".join(self.stderr_lines)


@pytest.fixture(scope="module")
def demo(binary):
    d = Demo(binary, "--http", "127.0.0.1:0")
    d.wait_for_windows(3)
    yield d
    d.stop()


def test_windows_equal_the_printed_json_lines(demo):
    _, content_type, body = get(demo.url + "api/windows?last=360")
    assert content_type.startswith("application/json")
    served = json.loads(body)
    assert len(served) >= 3
    demo.wait_for_windows(len(served))  # printed before served; our reader may lag
    # Oldest first, and byte for byte the lines printed.
    assert body == "[" + ",".join(demo.lines[:len(served)]) + "]\n"

    last_two = json.loads(get(demo.url + "api/windows?last=2")[2])
    demo.wait_for_windows(len(served) + 1, seconds=5) if len(last_two) < 2 else None
    printed = [json.loads(line) for line in demo.lines]
    i = printed.index(last_two[0])
    assert printed[i + 1] == last_two[1] and i + 2 >= len(served)
    assert len(json.loads(get(demo.url + "api/windows")[2])) == min(10, len(demo.lines))


@pytest.mark.parametrize("query", ["last=0", "last=abc", "last=361", "last=-1", "last=1.5", "last="])
def test_a_bad_parameter_gets_400_and_a_json_error(demo, query):
    status, body = get_error(demo.url + "api/windows?" + query)
    assert status == 400
    assert body["error"].startswith("last: expected a whole number from 1 to 360")


def test_an_unknown_path_gets_404_and_a_json_error(demo):
    status, body = get_error(demo.url + "api/nothing-here")
    assert status == 404
    assert body == {"error": "no such endpoint: /api/nothing-here"}


def test_the_stream_sends_each_window_as_it_is_printed(demo):
    with urllib.request.urlopen(demo.url + "api/windows/stream", timeout=10) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        events = []
        while len(events) < 2:
            line = stream.readline().decode()
            if line.startswith("data: "):
                events.append(json.loads(line[len("data: "):]))
    # The stream may run ahead of our reader of the demo's stdout: give it a moment.
    deadline = time.monotonic() + 10
    while True:
        printed = [json.loads(l) for l in list(demo.lines)]
        if all(event in printed for event in events) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for event in events:
        assert event in printed
    assert events[0]["window_end"] < events[1]["window_end"]


def test_status_health_metrics_and_page(demo):
    status = json.loads(get(demo.url + "api/status")[2])
    assert status["command"] == "demo" and status["topic"] == "clicklog"
    assert status["records"] > 0 and status["searches"] > 0
    assert status["windows_emitted"] >= 3 and status["watermark"].endswith("Z")
    assert get(demo.url + "health")[2] == "ok\n"
    metrics = get(demo.url + "metrics")[2]
    assert re.search(r"^clicklog_records_total \d+$", metrics, re.M)
    _, content_type, page = get(demo.url)
    assert content_type.startswith("text/html") and "Most searched destinations" in page
    assert "innerHTML" not in page  # names are shown as text, never parsed as markup


def test_a_client_that_never_reads_does_not_stall_the_job(demo):
    host, port = re.match(r"http://([^:/]+):(\d+)/", demo.url).groups()
    stuck = socket.create_connection((host, int(port)))
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    stuck.sendall(b"GET /api/windows/stream HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        printed = len(demo.lines)
        demo.wait_for_windows(printed + 4, seconds=30)
        assert get(demo.url + "health")[2] == "ok\n"
    finally:
        stuck.close()


def test_run_serves_the_same_api(clicklog, tmp_path):
    """`clicklog run --http` on the embedded broker: the windows of a bounded replay."""
    clicklog.produce("demo", 6000, 7, job_runs.START, job_runs.INTERVAL_MS)  # a minute
    job = job_runs.Job(clicklog, tmp_path, "run", "--topic", "demo", "--group", "http-run",
                       "--from-beginning", *job_runs.WINDOW, "--lateness", "1s", "--output", "jsonl",
                       "--http", "127.0.0.1:0", "--checkpoint-interval", "0")
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and not url:
            found = re.search(r"http at (http://\S+/) ", job.stderr())
            url = found.group(1) if found else None
            time.sleep(0.1)
        assert url, job.stderr()
        while time.monotonic() < deadline and len(job.windows()) < 2:
            time.sleep(0.2)
        served = json.loads(get(url + "api/windows?last=360")[2])
        while time.monotonic() < deadline and len(job.windows()) < len(served):
            time.sleep(0.1)  # served the moment it is printed; the file may lag a little
        printed = [json.loads(line) for line in job.complete_lines().splitlines()]
        assert len(served) >= 2 and served == printed[:len(served)]
        status = json.loads(get(url + "api/status")[2])
        assert status["command"] == "run" and status["group"] == "http-run"
    finally:
        job.process.terminate()
        assert job.process.wait(timeout=60) == 0, job.stderr()
