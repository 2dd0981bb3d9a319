"""Compares a peer's windows with clicklog's (both JSON lines of CONTRACT.md section 2).

    python compare.py CLICKLOG.jsonl PEER.jsonl [--name NAME] [--lateness-ms L]

Prints one line: windows both emit, how many are equal, and the windows only one side emits.
A peer that emits only on window close (Kafka Streams, Spark) leaves out the windows that its
watermark had not passed when the bounded input ended: those are the tail, every window whose
end is after the peer's last one, and are reported as such, not as a mismatch. Exit status 1 on
any other difference (a differing window, a window clicklog lacks, a gap before the tail).

--may-drop: the peer said it dropped records as late (Kafka Streams' grace counts from the
stream time after its repartition, where all input partitions interleave). A window whose
every count is at most clicklog's (or, for a destination outside clicklog's top, at most
clicklog's last count) is then "fewer, dropped late": explained, not a mismatch.
"""
import argparse
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return {w["window_end"]: w for w in map(json.loads, filter(str.strip, f))}


def only_fewer(ours, theirs):
    """True when each of the peer's counts can be clicklog's minus dropped records."""
    counts = {e["destination"]: e["searches"] for e in ours}
    floor = min(counts.values()) if counts else 0
    return all(e["searches"] <= counts.get(e["destination"], floor) for e in theirs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clicklog")
    ap.add_argument("peer")
    ap.add_argument("--name", default="peer")
    ap.add_argument("--may-drop", action="store_true")
    args = ap.parse_args()
    ours, theirs = load(args.clicklog), load(args.peer)
    both = sorted(set(ours) & set(theirs))
    unequal = [e for e in both if ours[e]["top"] != theirs[e]["top"]]
    fewer = [e for e in unequal if args.may_drop and only_fewer(ours[e]["top"], theirs[e]["top"])]
    differ = [e for e in unequal if e not in fewer]
    extra = sorted(set(theirs) - set(ours))
    missing = sorted(set(ours) - set(theirs))
    last = max(theirs) if theirs else ""
    tail = [e for e in missing if e > last]
    gaps = [e for e in missing if e <= last]
    print(f"{args.name}: {len(theirs)} windows, {len(both)} also in clicklog's {len(ours)}, "
          f"{len(both) - len(unequal)} equal, {len(fewer)} with fewer searches (records the peer "
          f"dropped as late), {len(differ)} differ otherwise; "
          f"{len(tail)} of clicklog's not emitted by the peer at the end of the input (its "
          f"watermark had not passed them), {len(gaps)} missing before that, {len(extra)} extra")
    for e in differ[:3]:
        print(f"  {args.name} differs at window_end {e}:\n    clicklog {json.dumps(ours[e]['top'][:3])}"
              f"\n    {args.name} {json.dumps(theirs[e]['top'][:3])}", file=sys.stderr)
    ok = not differ and not extra and not gaps and bool(both)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
