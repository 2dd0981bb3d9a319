// The top-destinations query (CONTRACT.md section 2) in Flink SQL, as its users write it: a
// Kafka source bounded by the end offsets seen at start, a watermark of the event time minus the
// lateness, a HOP window table-valued function counting per destination, and a ROW_NUMBER Top-N
// per window. Runs on a local MiniCluster, prints the windows as JSON lines, exits. With
// --live true the source is unbounded and each result row is timed on stderr.
//   java -cp ... clicklog.peers.TopDestinationsFlink --brokers B --topic T --schema AVSC
//        [--lateness-ms 10000] [--window-ms 600000] [--slide-ms 10000] [--top 10] [--parallelism 2]
//        [--live true]
package clicklog.peers;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** Builds the job, collects its rows into windows, prints them in window order. */
public final class TopDestinationsFlink {
  private TopDestinationsFlink() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    String schemaJson = ClickDecoder.loadSchema(args.schema).toString();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(args.parallelism);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.getConfig().set("table.local-time-zone", "UTC");

    var builder = KafkaSource.<Row>builder()
        .setBootstrapServers(args.brokers)
        .setTopics(args.topic)
        .setGroupId("peer-flink-" + ProcessHandle.current().pid())
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new ClickRowSchema(schemaJson));
    if (!args.live) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    KafkaSource<Row> source = builder.build();
    // Watermarks per Kafka partition, as clicklog's --lateness: the source's own (per split),
    // which the table takes over with SOURCE_WATERMARK().
    WatermarkStrategy<Row> lateness = WatermarkStrategy
        .<Row>forBoundedOutOfOrderness(Duration.ofMillis(args.latenessMs))
        .withTimestampAssigner((row, kafkaTime) -> row.<Long>getFieldAs(2));
    tables.createTemporaryView("clicks", tables.fromDataStream(
        env.fromSource(source, lateness, "clicklog"),
        Schema.newBuilder()
            .column("action", "STRING")
            .column("destination", "STRING")
            .column("time_ms", "BIGINT")
            .columnByExpression("ts", "TO_TIMESTAMP_LTZ(time_ms, 3)")
            .watermark("ts", "SOURCE_WATERMARK()")
            .build()));
    tables.executeSql("""
        CREATE TEMPORARY VIEW searches AS
        SELECT destination, ts FROM clicks
        WHERE action = 'search' AND destination <> '' AND ts IS NOT NULL""");
    String query = String.format("""
        SELECT window_start, window_end, destination, searches, rank_in_window
        FROM (
          SELECT *, ROW_NUMBER() OVER (
              PARTITION BY window_start, window_end
              ORDER BY searches DESC, destination ASC) AS rank_in_window
          FROM (
            SELECT window_start, window_end, destination, COUNT(*) AS searches
            FROM TABLE(HOP(TABLE searches, DESCRIPTOR(ts),
                %s, %s))
            GROUP BY window_start, window_end, destination))
        WHERE rank_in_window <= %d""", interval(args.slideMs), interval(args.windowMs), args.top);

    TreeMap<Long, List<Row>> windows = new TreeMap<>();
    long rows = 0;
    try (CloseableIterator<Row> it = tables.sqlQuery(query).execute().collect()) {
      while (it.hasNext()) {
        Row r = it.next();
        long end = millis(r.getFieldAs("window_end"));
        if (args.live) {
          PeerTiming.windowOut(end);  // each row: the last completes the window
        }
        windows.computeIfAbsent(end, e -> new ArrayList<>()).add(r);
        rows++;
        PeerTiming.resultOut();
      }
    }
    for (Map.Entry<Long, List<Row>> w : windows.entrySet()) {
      List<Row> ranked = w.getValue();
      ranked.sort((a, b) -> Long.compare(a.<Long>getFieldAs("rank_in_window"),
          b.<Long>getFieldAs("rank_in_window")));
      List<WindowJson.Entry> top = new ArrayList<>(ranked.size());
      for (Row r : ranked) {
        top.add(new WindowJson.Entry(r.getFieldAs("destination"), r.<Long>getFieldAs("searches")));
      }
      System.out.println(WindowJson.line(millis(ranked.get(0).getFieldAs("window_start")),
          w.getKey(), top));
    }
    System.out.flush();
    System.err.printf("peer-flink: %d result rows%n", rows);
    PeerTiming.report(-1, windows.size());
  }

  /** A SQL day-to-second interval literal of ms milliseconds. */
  private static String interval(long ms) {
    return String.format("INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)", ms / 86_400_000,
        ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  private static long millis(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
