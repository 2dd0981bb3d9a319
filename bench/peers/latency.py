"""Result latency of a live run (scripts/bench-latency): for each window, the wall-clock time
its result was complete (its last result row out) minus the moment the watermark passed its end, which at live event times
is window_end + lateness. Reads clicklog's time-stamped stdout ("out_ms<TAB>json line") and a
peer's "peer-result: window_end_ms=.. out_ms=.." stderr lines; windows whose end + lateness came
before `--from-ms` (engine start-up) are left out. Prints one markdown row per engine.

    python latency.py --lateness-ms L --from-ms T --clicklog FILE [--peer NAME FILE]...
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


def row(name, outs, lateness_ms, from_ms):
    lat = sorted((out - (end + lateness_ms)) / 1000 for end, out in outs.items()
                 if end + lateness_ms >= from_ms)
    if not lat:
        return f"| {name} | 0 | - | - | - | - |"
    return (f"| {name} | {len(lat)} | {percentile(lat, 0.5):.3f} | {percentile(lat, 0.99):.3f} | "
            f"{lat[-1]:.3f} | {lat[0]:.3f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lateness-ms", type=int, required=True)
    parser.add_argument("--from-ms", type=int, required=True)
    parser.add_argument("--clicklog", required=True)
    parser.add_argument("--peer", nargs=2, action="append", default=[], metavar=("NAME", "FILE"))
    a = parser.parse_args()
    print("| engine | windows | p50 s | p99 s | max s | min s |")
    print("|---|---|---|---|---|---|")
    print(row("clicklog", clicklog_outs(a.clicklog), a.lateness_ms, a.from_ms))
    for name, path in a.peer:
        print(row(name, peer_outs(path), a.lateness_ms, a.from_ms))


if __name__ == "__main__":
    main()
