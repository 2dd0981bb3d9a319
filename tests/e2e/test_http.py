"""The HTTP endpoint (CONTRACT.md section 7, docs/http-api.md) against a live `clicklog demo`
and a `clicklog run` on the embedded broker: what the API returns equals the JSON lines the job
prints; a destination's history equals those lines too; the second-hotel look-up equals an
independent recount of the records; bad parameters and unknown paths get JSON errors; a stream
client that never reads does not hold up the job."""
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import job_runs
from live_demo import Demo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
import second_hotel_recount  # noqa: E402


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


def get_error(url):
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(url, timeout=5)
    body = failure.value.read().decode()
    return failure.value.code, json.loads(body)


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


def history_from_printed(lines, name, until):
    """The destination's history as /api/destinations computes it, from the printed lines."""
    out = []
    for window in map(json.loads, lines):
        if window["window_end"] > until:
            break
        for rank, entry in enumerate(window["top"], 1):
            if entry["destination"] == name:
                out.append({"window_start": window["window_start"],
                            "window_end": window["window_end"], "rank": rank,
                            "searches": entry["searches"]})
    return out


def test_a_destination_history_equals_the_printed_json_lines(demo):
    demo.wait_for_windows(3)
    name = json.loads(demo.lines[-1])["top"][0]["destination"]
    url = demo.url + "api/destinations/" + urllib.parse.quote(name, safe="") + "?hours=1"
    _, content_type, body = get(url)
    assert content_type.startswith("application/json")
    served = json.loads(body)
    assert served["destination"] == name and served["hours"] == 1
    assert len(served["windows"]) >= 1
    last_end = served["windows"][-1]["window_end"]
    deadline = time.monotonic() + 10  # printed before served; our reader may lag
    while time.monotonic() < deadline and json.loads(demo.lines[-1])["window_end"] < last_end:
        time.sleep(0.1)
    assert served["windows"] == history_from_printed(list(demo.lines), name, last_end)


def test_a_destination_never_seen_has_an_empty_history(demo):
    served = json.loads(get(demo.url + "api/destinations/no%20such%20place%3F?hours=6")[2])
    assert served == {"destination": "no such place?", "hours": 6, "windows": []}


@pytest.mark.parametrize("hours", ["0", "7", "x", "", "1.5"])
def test_bad_hours_get_400(demo, hours):
    status, body = get_error(demo.url + "api/destinations/paris?hours=" + hours)
    assert status == 400
    assert body == {"error": f'hours: expected a whole number from 1 to 6, got "{hours}"'}


def test_the_demo_answers_a_second_hotel_look_up(demo):
    today = time.strftime("%Y-%m-%d", time.gmtime())
    answer = json.loads(get(demo.url + "api/second-hotel?user=1")[2])
    assert answer["user"] == 1 and answer["date"] == today and answer["source"] == "state"
    assert set(answer) == {"user", "date", "first_hotel", "second_hotel", "source"}
    old = json.loads(get(demo.url + "api/second-hotel?user=1&date=2020-01-01")[2])
    assert old == {"user": 1, "date": "2020-01-01", "first_hotel": None, "second_hotel": None,
                   "source": None}


@pytest.mark.parametrize("query,error", [
    ("", 'user: expected a user id (a whole number), got ""'),
    ("user=abc", 'user: expected a user id (a whole number), got "abc"'),
    ("user=1&date=2026-02-30", 'date: expected a date as YYYY-MM-DD, got "2026-02-30"'),
    ("user=1&date=yesterday", 'date: expected a date as YYYY-MM-DD, got "yesterday"'),
])
def test_a_bad_look_up_gets_400(demo, query, error):
    status, body = get_error(demo.url + "api/second-hotel?" + query)
    assert status == 400 and body == {"error": error}


def first_and_second_hotels(clicks, day):
    """{user_id: (first, second or None)} of one UTC day, by CONTRACT.md section 3."""
    per_user = {}
    for user, t, partition, offset, hotel in clicks:
        if second_hotel_recount.utc_date(t).isoformat() == day:
            per_user.setdefault(user, {})[(partition, offset)] = (t, partition, offset, hotel)
    out = {}
    for user, by_record in per_user.items():
        ordered = sorted(by_record.values())
        first = ordered[0][3]
        second = next((h for _, _, _, h in ordered if h != first), None)
        out[user] = (first, second)
    return out


def test_run_answers_look_ups_from_its_streaming_state(clicklog, kafka, tmp_path):
    """`clicklog run --store --http`: each user's answer for today (from the streaming state)
    and for a day before the state's (from the store) equals a recount of the records, and
    today's second hotels equal `clicklog second-hotel` over the store afterwards."""
    now = time.time()
    today = time.strftime("%Y-%m-%d", time.gmtime(now))
    old_day = time.strftime("%Y-%m-%d", time.gmtime(now - 3 * 86400))  # --state-days 2
    users = 40
    clicklog.produce("http-hotels", 4000, 11, today + "T00:00:00Z", 10, "--users", users)
    clicklog.produce("http-hotels", 2000, 12, old_day + "T00:00:00Z", 10, "--users", users)
    records = kafka.read_all("http-hotels")
    clicks = second_hotel_recount.considered_clicks(records)
    expected = {day: first_and_second_hotels(clicks, day) for day in (today, old_day)}
    assert any(second for _, second in expected[today].values()), "no user with two hotels"
    store = f"rocksdb:{tmp_path / 'store'}"
    job = job_runs.Job(clicklog, tmp_path, "run", "--topic", "http-hotels", "--group",
                       "http-hotels", "--from-beginning", "--store", store, "--output", "jsonl",
                       "--http", "127.0.0.1:0", "--checkpoint-interval", "0")
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and not url:
            found = re.search(r"http at (http://\S+/) ", job.stderr())
            url = found.group(1) if found else None
            time.sleep(0.1)
        assert url, job.stderr()
        while time.monotonic() < deadline:
            if json.loads(get(url + "api/status")[2])["records"] >= len(records):
                break
            time.sleep(0.2)
        answers = {}
        for day, source in ((today, "state"), (old_day, "store")):
            answers[day] = {}
            for user in range(1, users + 1):
                a = json.loads(get(f"{url}api/second-hotel?user={user}&date={day}")[2])
                assert a["date"] == day and a["source"] == source, a
                answers[day][user] = (a["first_hotel"], a["second_hotel"])
            got = {u: a for u, a in answers[day].items() if a != (None, None)}
            assert got == expected[day], day
    finally:
        job.process.terminate()
        assert job.process.wait(timeout=60) == 0, job.stderr()
    daily = clicklog.second_hotel("--date", today, "--store", store, "--output", "jsonl").stdout
    assert second_hotel_recount.parse_jsonl(daily) == sorted(
        (u, second) for u, (_, second) in answers[today].items() if second)


def test_status_shows_lag_and_rate_over_a_replay(clicklog, tmp_path):
    """A backlog read by `run --http`: the consumer lag of every partition is known and falls to
    0 once every record is read; the rate and the event-time lag are there, on /metrics too."""
    count = 20000
    clicklog.produce("http-lag", count, 5, job_runs.START, job_runs.INTERVAL_MS)
    job = job_runs.Job(clicklog, tmp_path, "run", "--topic", "http-lag", "--group", "http-lag",
                       "--from-beginning", "--output", "jsonl", "--http", "127.0.0.1:0",
                       "--checkpoint-interval", "0", "-X", "statistics.interval.ms=200")
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and not url:
            found = re.search(r"http at (http://\S+/) ", job.stderr())
            url = found.group(1) if found else None
            time.sleep(0.1)
        assert url, job.stderr()
        status = {}
        while time.monotonic() < deadline:
            status = json.loads(get(url + "api/status")[2])
            lag = status["consumer_lag"]
            if (status["records"] == count and len(lag) == 32 and sum(lag.values()) == 0
                    and status["records_per_second"] is not None):
                break
            time.sleep(0.2)
        assert status["records"] == count, status
        assert sorted(map(int, status["consumer_lag"])) == list(range(32)), status
        assert status["consumer_lag_total"] == 0, status
        assert status["records_per_second"] >= 0, status
        # Event times of 2026-11-27 read days later: the watermark is days behind the clock.
        assert status["event_time_lag_seconds"] > 86400, status
        metrics = get(url + "metrics")[2]
        assert re.search(r'^clicklog_consumer_lag\{partition="31"\} 0$', metrics, re.M)
        assert re.search(r"^clicklog_event_time_lag_seconds \d+$", metrics, re.M)
    finally:
        job.process.terminate()
        assert job.process.wait(timeout=60) == 0, job.stderr()



DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json"


def exposed_metric_names(text):
    return {re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
            for line in text.splitlines() if line and not line.startswith("#")}


def test_the_grafana_dashboard_uses_only_exposed_metrics(demo):
    dashboard = json.loads(DASHBOARD.read_text())
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    exprs += [v["definition"] for v in variables.values() if "definition" in v]
    used = {name for e in exprs for name in re.findall(r"\bclicklog_[a-z_]+", e)}
    assert {"clicklog_records_total", "clicklog_consumer_lag", "clicklog_event_time_lag_seconds",
            "clicklog_bad_records_total", "clicklog_late_searches_total"} <= used
    for p in dashboard["panels"]:
        assert p["datasource"]["uid"] == "${datasource}", p["title"]
    # Some metrics appear with their first event (a bad record, a late search, a lag report).
    deadline = time.monotonic() + 20
    while True:
        missing = used - exposed_metric_names(get(demo.url + "metrics")[2])
        if not missing or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not missing, f"the dashboard uses metrics /metrics does not expose: {missing}"
