"""The top-destinations query (CONTRACT.md section 2) in Spark Structured Streaming, as its
users write it: the Kafka source read from the earliest offsets to the end (trigger
availableNow), the single-object header checked against the schema's CRC-64-AVRO fingerprint
(fastavro) and the body decoded by Spark's from_avro (Apache Avro), an event-time window with a
watermark of the lateness, counted per destination in append mode, and the top N of each
finished window ranked in foreachBatch. Prints the windows as JSON lines on stdout.

    python top_destinations.py --brokers B --topic T --schema AVSC --jars J1,J2
        [--lateness-ms 10000] [--window-ms 600000] [--slide-ms 10000] [--top 10]
        [--parallelism 2] [--max-offsets-per-trigger 500000] [--live true]
"""
import argparse
import json
import sys
import time
from datetime import datetime, timezone

from fastavro.schema import fingerprint, load_schema, to_parsing_canonical_form
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.avro.functions import from_avro


def single_object_header(schema_path):
    """C3 01 and the 8-byte little-endian CRC-64-AVRO fingerprint of the canonical form."""
    canonical = to_parsing_canonical_form(load_schema(schema_path))
    # fastavro's hex is of the fingerprint's little-endian bytes, the order of the header.
    return canonical, b"\xc3\x01" + bytes.fromhex(fingerprint(canonical, "CRC-64-AVRO"))


def rfc3339(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--topic", default="clicklog")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--jars", required=True, help="comma-separated Kafka source and Avro jars")
    ap.add_argument("--lateness-ms", type=int, default=10000)
    ap.add_argument("--window-ms", type=int, default=600000)
    ap.add_argument("--slide-ms", type=int, default=10000)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--parallelism", type=int, default=2)
    ap.add_argument("--max-offsets-per-trigger", type=int, default=500000)
    ap.add_argument("--driver-memory", default="2g")
    ap.add_argument("--live", default="false",
                    help="true: micro-batches until stopped, each window timed on stderr")
    args = ap.parse_args()

    schema_json, header = single_object_header(args.schema)
    spark = (SparkSession.builder.master(f"local[{args.parallelism}]")
             .appName("peer-spark")
             .config("spark.jars", args.jars)
             .config("spark.driver.memory", args.driver_memory)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", str(2 * args.parallelism))
             .config("spark.sql.streaming.numRecentProgressUpdates", "100000")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")

    raw = (spark.readStream.format("kafka")
           .option("kafka.bootstrap.servers", args.brokers)
           .option("subscribe", args.topic)
           .option("startingOffsets", "earliest")
           .option("maxOffsetsPerTrigger", args.max_offsets_per_trigger)
           .load())
    # A value whose header is not ours is a bad record: not decoded, not counted.
    body = F.expr("substring(value, 11, length(value) - 10)")
    clicks = (raw.where(F.substring("value", 1, 10) == F.lit(bytearray(header)))
              .select(from_avro(body, schema_json, {"mode": "PERMISSIVE"}).alias("c"))
              .select("c.*"))
    ts = F.coalesce(F.try_to_timestamp("time", F.lit("yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX")),
                    F.try_to_timestamp("time", F.lit("yyyy-MM-dd HH:mm:ss[.SSS]")))
    searches = (clicks.withColumn("ts", ts)
                .where((F.col("action") == "search") & (F.col("destination") != "")
                       & F.col("ts").isNotNull()))
    counts = (searches.withWatermark("ts", f"{args.lateness_ms} milliseconds")
              .groupBy(F.window("ts", f"{args.window_ms} milliseconds",
                                f"{args.slide_ms} milliseconds"), "destination")
              .count())

    windows = {}
    last_result = [0.0]

    def emit(batch, _batch_id):
        # Append mode hands over each window once, whole, when the watermark passes its end.
        rank = Window.partitionBy("window").orderBy(F.desc("count"), F.asc("destination"))
        rows = (batch.withColumn("rank", F.row_number().over(rank)).where(F.col("rank") <= args.top)
                .select(F.unix_millis("window.start").alias("start"),
                        F.unix_millis("window.end").alias("end"),
                        "destination", "count", "rank")
                .collect())
        for r in rows:
            windows.setdefault((r["end"], r["start"]), []).append((r["rank"], r["destination"], r["count"]))
        if rows:
            last_result[0] = time.time()
        if live:
            now_ms = int(time.time() * 1000)
            for end in sorted({r["end"] for r in rows}):
                print(f"peer-result: window_end_ms={end} out_ms={now_ms}", file=sys.stderr, flush=True)

    live = args.live == "true"
    writer = counts.writeStream.outputMode("append").foreachBatch(emit)
    # Live: the default trigger, the next micro-batch as soon as the last one ends.
    query = (writer if live else writer.trigger(availableNow=True)).start()
    query.awaitTermination()

    for (end, start), entries in sorted(windows.items()):
        top = [{"destination": d, "searches": n} for _, d, n in sorted(entries)]
        print(json.dumps({"window_start": rfc3339(start), "window_end": rfc3339(end), "top": top},
                         ensure_ascii=False, separators=(",", ":")))
    sys.stdout.flush()
    for p in query.recentProgress:
        print(f"peer-spark: batch {p.batchId}: {p.numInputRows} rows, watermark "
              f"{p.eventTime.get('watermark')}", file=sys.stderr)
    data = [p for p in query.recentProgress if p.numInputRows > 0]
    first_ms = 0
    if data:
        first_ms = int(datetime.fromisoformat(data[0].timestamp.replace("Z", "+00:00")).timestamp() * 1000)
    records = sum(p.numInputRows for p in query.recentProgress)
    print(f"peer-timing: first_record_ms={first_ms} last_result_ms={int(last_result[0] * 1000)} "
          f"records={records} windows={len(windows)}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
