"""Result latency of a live run (scripts/bench-latency): for each window, the wall-clock time
its result was complete (its last result row out) minus the moment the watermark passed its end, which at live event times
is window_end + lateness. Reads clicklog's time-stamped stdout ("out_ms<TAB>json line") and a
peer's "peer-result: window_end_ms=.. out_ms=.." stderr lines; windows whose end + lateness came
before `--from-ms` (the traffic's start) are left out. Prints one markdown row per engine: over
every window, and over those ending `--steady-after-s` or more after the traffic started (an
engine's first minute can be its own start-up: a rebalance, a first micro-batch).

    python latency.py --lateness-ms L --from-ms T --clicklog FILE [--steady-after-s 120]
        [--peer NAME FILE]...
"""
import argparse
import datetime
import json
import re


def ms_of(utc):
    return int(datetime.datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


def clicklog_outs(path):
    outs = {}
    with open(path) as f:
        for line in f:
            out_ms, _, text = line.rstrip("\n").partition("\t")
            if text.startswith("{"):
                outs.setdefault(ms_of(json.loads(text)["window_end"]), int(out_ms))
    return outs


def peer_outs(path):
    outs = {}
    with open(path, errors="replace") as f:
        for m in re.finditer(r"peer-result: window_end_ms=(\d+) out_ms=(\d+)", f.read()):
            end, out = int(m.group(1)), int(m.group(2))
            outs[end] = max(out, outs.get(end, 0))
    return outs


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def summary(latencies):
    lat = sorted(latencies)
    if not lat:
        return "0 | - | - | -"
    return f"{len(lat)} | {percentile(lat, 0.5):.3f} | {percentile(lat, 0.99):.3f} | {lat[-1]:.3f}"


def row(name, outs, lateness_ms, from_ms, steady_ms):
    lat = {end: (out - (end + lateness_ms)) / 1000 for end, out in outs.items()
           if end + lateness_ms >= from_ms}
    steady = [v for end, v in lat.items() if end >= from_ms + steady_ms]
    return f"| {name} | {summary(lat.values())} | {summary(steady)} |"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lateness-ms", type=int, required=True)
    parser.add_argument("--from-ms", type=int, required=True)
    parser.add_argument("--clicklog", required=True)
    parser.add_argument("--steady-after-s", type=int, default=120)
    parser.add_argument("--peer", nargs=2, action="append", default=[], metavar=("NAME", "FILE"))
    a = parser.parse_args()
    s = a.steady_after_s
    print(f"| engine | windows | p50 s | p99 s | max s | windows after {s} s | p50 s | p99 s | max s |")
    print("|---|---|---|---|---|---|---|---|---|")
    steady_ms = s * 1000
    print(row("clicklog", clicklog_outs(a.clicklog), a.lateness_ms, a.from_ms, steady_ms))
    for name, path in a.peer:
        print(row(name, peer_outs(path), a.lateness_ms, a.from_ms, steady_ms))


if __name__ == "__main__":
    main()
