// The top-destinations query (CONTRACT.md section 2) in Kafka Streams, as its users write it:
// event time from the record, hopping TimeWindows with grace (the lateness), a count per
// destination and window suppressed until the window closes, then a top N per window. Reads the topic from
// the beginning to the end offsets seen at start, prints the windows as JSON lines, exits.
//   java -cp ... clicklog.peers.TopDestinationsStreams --brokers B --topic T --schema AVSC
//        [--lateness-ms 10000] [--window-ms 600000] [--slide-ms 10000] [--top 10] [--parallelism 2]
package clicklog.peers;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueStore;

/** Runs the query once over the topic's current contents; main thread waits, then prints. */
public final class TopDestinationsStreams {
  private TopDestinationsStreams() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    Schema schema = ClickDecoder.loadSchema(args.schema);
    long total = recordsInTopic(args);
    LongAdder seen = new LongAdder();
    NavigableMap<Long, TopList> results = new ConcurrentSkipListMap<>();

    // Event time: the decoded `time`; an event without one keeps the partition's time and is
    // filtered out below, as it is not counted.
    TimestampExtractor eventTime = (record, partitionTime) -> {
      long t = record.value() instanceof Click c ? c.timeMs() : Click.NO_TIME;
      return t != Click.NO_TIME ? t : Math.max(partitionTime, 0);
    };
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(args.topic, Consumed.with(Serdes.ByteArray(), ClickSerde.clicks(schema))
            .withTimestampExtractor(eventTime))
        .peek((k, click) -> {
          PeerTiming.recordSeen();
          seen.increment();
        })
        .filter((k, click) -> click.isCountedSearch())
        .map((k, click) -> KeyValue.pair(click.destination(), new byte[0]))
        .groupByKey(Grouped.with("searches", Serdes.String(), Serdes.ByteArray()))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(args.windowMs),
                Duration.ofMillis(args.latenessMs))
            .advanceBy(Duration.ofMillis(args.slideMs)))
        .count(Materialized.as("searches-per-window"))
        // The final count of each window once it closes (grace passed), the documented way:
        // EmitStrategy.onWindowClose() left whole destinations out of some windows here.
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .map((window, n) -> KeyValue.pair(window.window().start(),
            TopList.of(window.key(), n)))
        .groupByKey(Grouped.with("counts", Serdes.Long(), ClickSerde.topLists()))
        .aggregate(TopList::new, (start, one, top) -> top.merge(one, args.top),
            Materialized.<Long, TopList, KeyValueStore<Bytes, byte[]>>as("top-per-window")
                .withKeySerde(Serdes.Long())
                .withValueSerde(ClickSerde.topLists()))
        .toStream()
        .foreach((start, top) -> {
          results.put(start, top);
          PeerTiming.resultOut();
          if (args.live) {
            PeerTiming.windowOut(start + args.windowMs);  // each update: the last completes it
          }
        });

    Properties config = config(args);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
      streams.start();
      if (args.live) {
        Thread.sleep(Long.MAX_VALUE);  // until stopped
      }
      waitUntilDone(streams, seen, total, args.brokers,
          config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
      // Counted once per window a late record misses (a search falls in 60 windows).
      System.err.printf("peer-kstreams: %.0f record(s) dropped (dropped-records-total: a late "
          + "record once per expired window it falls in)%n", droppedRecords(streams));
    }
    for (Map.Entry<Long, TopList> w : results.entrySet()) {
      System.out.println(WindowJson.line(w.getKey(), w.getKey() + args.windowMs,
          w.getValue().entries()));
    }
    System.out.flush();
    PeerTiming.report(seen.sum(), results.size());
  }

  private static Properties config(PeerArgs args) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "peer-kstreams-" + ProcessHandle.current().pid()
        + "-" + System.currentTimeMillis());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args.brokers);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args.parallelism);
    p.put(StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("peer-kstreams").toString());
    // Results every second (the default of 30 s suits throughput, not a dashboard every 10 s).
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    return p;
  }

  /** Kafka Streams' own count of dropped records: late ones ("window closed") and bad ones. */
  private static double droppedRecords(KafkaStreams streams) {
    return streams.metrics().entrySet().stream()
        .filter(m -> m.getKey().name().equals("dropped-records-total"))
        .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
        .sum();
  }

  /** The records in the topic now: the job is done once it has seen them all. */
  private static long recordsInTopic(PeerArgs args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args.brokers);
    try (Admin admin = Admin.create(p)) {
      List<TopicPartition> parts = admin.describeTopics(List.of(args.topic)).allTopicNames().get()
          .get(args.topic).partitions().stream()
          .map(info -> new TopicPartition(args.topic, info.partition()))
          .collect(Collectors.toList());
      long total = 0;
      var earliest = admin.listOffsets(parts.stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all().get();
      var latest = admin.listOffsets(parts.stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
      for (TopicPartition tp : parts) {
        total += latest.get(tp).offset() - earliest.get(tp).offset();
      }
      return total;
    }
  }

  /**
   * Done once every record of the topic went through the source and the application's group has
   * committed the end of every partition it reads, the repartition topics included, twice in a
   * row with nothing new written: everything read was processed and flushed downstream.
   */
  private static void waitUntilDone(KafkaStreams streams, LongAdder seen, long total,
      String brokers, String appId) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", brokers);
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, Long> previous = null;
      while (true) {
        if (streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("Kafka Streams stopped: " + streams.state());
        }
        Thread.sleep(500);
        if (seen.sum() < total) {
          continue;
        }
        Map<TopicPartition, Long> ends = drainedEnds(admin, appId);
        if (ends != null && ends.equals(previous)) {
          return;
        }
        previous = ends;
      }
    }
  }

  /** The end offsets of what the group reads when it has committed all of them, else null. */
  private static Map<TopicPartition, Long> drainedEnds(Admin admin, String group)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    if (committed.isEmpty()) {
      return null;
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(committed.keySet().stream()
            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get()
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(end.getKey());
      if (c == null || c.offset() < end.getValue()) {
        return null;
      }
    }
    return ends;
  }
}
