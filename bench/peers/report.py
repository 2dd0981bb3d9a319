"""Turns scripts/bench-peers' measurements (a TSV, one row per run) into the markdown tables of
docs/benchmarks.md ("Against the peers") and, with --chart, a PNG of the medians.

    python report.py RESULTS.tsv [--chart PNG]

Columns: round, engine, events, span_s (first record to last result), startup_s, cpu_s,
peak_rss_mb, windows, same (the comparison with clicklog's windows).
"""
import argparse
import csv
import statistics

ENGINES = ["clicklog", "kstreams", "flink", "spark"]
NAMES = {"clicklog": "clicklog", "kstreams": "Kafka Streams", "flink": "Flink SQL",
         "spark": "Spark Structured Streaming"}


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["rate"] = float(r["events"]) / float(r["span_s"])
        r["cpu_per_m"] = float(r["cpu_s"]) / float(r["events"]) * 1e6
    return rows


def medians(rows):
    out = {}
    for e in ENGINES:
        mine = [r for r in rows if r["engine"] == e]
        if mine:
            out[e] = {k: statistics.median(float(r[k]) for r in mine)
                      for k in ("rate", "cpu_per_m", "peak_rss_mb", "startup_s")}
    return out


def tables(rows):
    print("| round | engine | rec/s (first record to last result) | CPU s per M records | "
          "peak RSS MB | start-up s | windows | same windows as clicklog |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['round']} | {NAMES[r['engine']]} | {r['rate']:,.0f} | {r['cpu_per_m']:.2f} | "
              f"{float(r['peak_rss_mb']):,.0f} | {float(r['startup_s']):.1f} | {r['windows']} | "
              f"{r['same']} |")
    med = medians(rows)
    base = med["clicklog"]
    print()
    print("| engine (medians) | rec/s | clicklog's rec/s ÷ this | CPU s per M records | "
          "this ÷ clicklog's (per-core ratio) | peak RSS MB | start-up s |")
    print("|---|---|---|---|---|---|---|")
    for e, m in med.items():
        print(f"| {NAMES[e]} | {m['rate']:,.0f} | {base['rate'] / m['rate']:.1f} | "
              f"{m['cpu_per_m']:.2f} | {m['cpu_per_m'] / base['cpu_per_m']:.1f} | "
              f"{m['peak_rss_mb']:,.0f} | {m['startup_s']:.1f} |")
    return med


def chart(med, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [NAMES[e].replace(" Structured Streaming", "\nStructured Streaming") for e in med]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    for ax, key, title in zip(axes, ("rate", "cpu_per_m", "peak_rss_mb"),
                              ("records/s, first record to last result",
                               "CPU seconds per million records", "peak RSS (MB)")):
        values = [m[key] for m in med.values()]
        bars = ax.bar(names, values, color=["#2a7", "#888", "#888", "#888"][:len(values)])
        ax.set_yscale("log")
        ax.set_ylim(bottom=min(values) / 10)
        ax.set_title(title, fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
        for b, v in zip(bars, values):
            ax.annotate(f"{v:,.0f}" if v >= 10 else f"{v:.2f}", (b.get_x() + b.get_width() / 2, v),
                        ha="center", va="bottom", fontsize=8)
    fig.suptitle("Top destinations (10 min windows every 10 s) on one real Kafka topic, "
                 "2 cores, medians of the rounds", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--chart")
    args = ap.parse_args()
    med = tables(load(args.results))
    if args.chart:
        chart(med, args.chart)


if __name__ == "__main__":
    main()
