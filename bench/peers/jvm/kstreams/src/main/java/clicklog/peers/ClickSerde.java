// Kafka Streams serdes of the Kafka Streams peer: ClickLog values in (read only) and the ranked
// lists it moves between its two aggregations.
package clicklog.peers;

import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for Click (decode only; a bad record becomes an uncounted Click) and TopList. */
public final class ClickSerde {
  private ClickSerde() {}

  private static final Click BAD = new Click(null, null, Click.NO_TIME);

  /** One Avro decoder per stream thread: the source's deserializer is shared by all tasks. */
  public static Serde<Click> clicks(Schema schema) {
    ThreadLocal<ClickDecoder> decoders = ThreadLocal.withInitial(() -> new ClickDecoder(schema));
    Deserializer<Click> read = (topic, bytes) -> {
      Click c = decoders.get().decode(bytes);
      return c == null ? BAD : c;
    };
    return Serdes.serdeFrom((topic, click) -> {
      throw new UnsupportedOperationException("clicks are only read");
    }, read);
  }

  public static Serde<TopList> topLists() {
    return Serdes.serdeFrom((topic, list) -> list == null ? null : list.toBytes(),
        (topic, bytes) -> bytes == null ? null : TopList.fromBytes(bytes));
  }
}
