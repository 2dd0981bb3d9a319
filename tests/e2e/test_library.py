"""clicklog as a library (docs/library.md), as a user gets it: the build installed with
`cmake --install` into a temporary prefix, examples/ configured and built against it as a
project of its own, and its programs run on the embedded broker. Their output is held against
the independent recount (recount.py): the per-window alert, the custom aggregation (top hotels
per destination) in a bounded replay and through SIGKILLs and restarts, and the example's own
unit test passes."""
import os
import random
import signal
import subprocess
import time
from collections import Counter, defaultdict

import pytest

import recount
from job_runs import INTERVAL_MS, START, produce_live
from kafka_io import unique_name

ROOT = recount.ROOT
BUILD_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The examples' build folder, built against an install of this build."""
    build_dir = os.environ.get("CLICKLOG_BUILD_DIR")
    if not build_dir:
        pytest.skip("CLICKLOG_BUILD_DIR is not set (ctest sets it)")
    top = tmp_path_factory.mktemp("library")
    prefix, out = top / "prefix", top / "examples"
    steps = [
        ["cmake", "--install", build_dir, "--prefix", prefix],
        ["cmake", "-S", ROOT / "examples", "-B", out, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix}",
         "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
         f"-DCMAKE_CXX_FLAGS={os.environ.get('CLICKLOG_EXAMPLES_CXX_FLAGS', '')}"],
        ["cmake", "--build", out, "-j", "2"],
    ]
    for step in steps:
        done = subprocess.run(list(map(str, step)), capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT_S, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{' '.join(map(str, step))}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    assert (prefix / "include" / "clicklog" / "pipeline.h").is_file()
    pc = list(prefix.glob("lib*/**/clicklog.pc")) + list(prefix.glob("lib*/pkgconfig/clicklog.pc"))
    assert pc, "no pkg-config file installed"
    # The pkg-config file alone is enough to compile and link a program too.
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "clicklog"], capture_output=True,
                           text=True, env={**os.environ, "PKG_CONFIG_PATH": str(pc[0].parent)})
    assert flags.returncode == 0, flags.stderr
    command = ["c++", str(ROOT / "examples" / "window_alert.cpp"), "-o", str(top / "alert_pc"),
               *os.environ.get("CLICKLOG_EXAMPLES_CXX_FLAGS", "").split(), *flags.stdout.split()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stderr[-3000:]}"
    return out


def run_example(examples, *args, timeout=120):
    done = subprocess.run([str(examples / args[0]), *map(str, args[1:])], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{args[0]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done.stdout


def events_of(kafka, topic):
    return [recount.decode_value(r.value) for r in kafka.read_all(topic)]


def test_the_examples_own_unit_test_passes(examples):
    run_example(examples, "pipeline_test")


def test_window_alert_is_the_recounts(clicklog, kafka, examples):
    topic = "lib-alert"
    clicklog.produce(topic, 20_000, 31, START, INTERVAL_MS)
    # After the generated traffic, a destination whose searches jump from 2 to 6.
    later = recount.parse_time(START) + 20_000 * INTERVAL_MS + 120_000
    burst = [(later + 1000 * i, "Burstville") for i in range(2)]
    burst += [(later + 60_000 + 1000 * i, "Burstville") for i in range(6)]
    kafka.send(topic, [(None, recount.encode_single_object(recount.click_log(
        1, recount.format_utc(t), "search", d))) for t, d in burst])

    got = [line.split("\t") for line in
           run_example(examples, "window_alert", clicklog.bootstrap, topic, unique_name("alert")).splitlines()]
    windows = recount.top_destinations(events_of(kafka, topic), 60_000, 10_000, top=10**6)
    counts = {w["window_end"]: dict(w["top"]) for w in windows}
    want = []
    for w in windows:
        before = counts.get(w["window_start"], {})
        for destination, n in sorted(w["top"], key=lambda kv: kv[0].encode()):
            if destination in before and n >= 3 * before[destination]:
                want.append([str(w["window_end"]), destination, str(before[destination]), str(n)])
    assert any(a[1] == "Burstville" for a in want), "the burst is no alert in the recount"
    assert got == want


def top_hotels_recount(events):
    """{window end: [(destination, rank, hotel, clicks), ...]} of top_hotels.cpp, recounted."""
    per_end = defaultdict(lambda: defaultdict(Counter))
    for e in events:
        if e is None or e["action"] != "click" or e["destination"] is None or not e["hotel"]:
            continue
        t = recount.parse_time(e["time"])
        if t is None:
            continue
        for end in range((t // 10_000 + 1) * 10_000, (t + 60_000) // 10_000 * 10_000 + 1, 10_000):
            per_end[end][e["destination"]][e["hotel"]] += 1
    lines = {}
    for end, by_destination in per_end.items():
        lines[end] = set()
        for destination, hotels in by_destination.items():
            ranked = sorted(hotels.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:3]
            for rank, (hotel, n) in enumerate(ranked, 1):
                lines[end].add(f"{end}\t{destination}\t{rank}\t{hotel}\t{n}")
    return lines


def printed_lines(text):
    """{window end: set of lines}, of the lines written whole (a SIGKILL may cut the last)."""
    out = defaultdict(set)
    for line in text[:text.rfind("\n") + 1].splitlines():
        out[int(line.split("\t")[0])].add(line)
    return out


def test_top_hotels_replay_is_the_recount(clicklog, kafka, examples, tmp_path):
    topic = "lib-hotels"
    clicklog.produce(topic, 20_000, 32, START, INTERVAL_MS)
    text = run_example(examples, "top_hotels", clicklog.bootstrap, topic, unique_name("hotels"),
                       tmp_path / "state", "until-end")
    want = top_hotels_recount(events_of(kafka, topic))
    assert len(want) > 10
    assert printed_lines(text) == want


def test_top_hotels_through_sigkills_is_the_recount(clicklog, kafka, examples, tmp_path):
    rng = random.Random(20261202)
    topic, group, state = "lib-crash", unique_name("hotels-crash"), tmp_path / "state"
    backlog = 20_000
    clicklog.produce(topic, backlog, 33, START, INTERVAL_MS)
    live = produce_live(clicklog, topic, 34, recount.parse_time(START) + backlog * INTERVAL_MS,
                        1_000, 20)
    args = [clicklog.bootstrap, topic, group, state]
    outputs, stderrs = [], []
    try:
        for i in range(4):
            out, err = tmp_path / f"killed-{i}.out", tmp_path / f"killed-{i}.err"
            with open(out, "w") as o, open(err, "w") as e:
                job = subprocess.Popen([str(examples / "top_hotels"), *map(str, args), "follow"], stdout=o, stderr=e, stdin=subprocess.DEVNULL)
            time.sleep(rng.uniform(2.0, 5.0))
            assert job.poll() is None, f"run {i} ended by itself:\n{err.read_text()[-2000:]}"
            job.send_signal(signal.SIGKILL)
            job.wait()
            outputs.append(out.read_text())
            stderrs.append(err.read_text())
    finally:
        live.wait(timeout=60)
    assert live.returncode == 0, live.stderr.read()
    outputs.append(run_example(examples, "top_hotels", *args, "until-end"))

    want = top_hotels_recount(events_of(kafka, topic))
    seen = defaultdict(set)
    for i, text in enumerate(outputs):
        for end, lines in printed_lines(text).items():
            assert lines <= want.get(end, set()), f"run {i}, window {end}: {sorted(lines - want.get(end, set()))[:3]}"
            seen[end] |= lines
    assert dict(seen) == want, "some windows or lines were never printed"
    assert sum("restored checkpoint" in err for err in stderrs) >= 3, "the kills should land after checkpoints"
