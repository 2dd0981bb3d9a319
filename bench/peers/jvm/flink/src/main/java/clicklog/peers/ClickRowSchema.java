// The Flink peer's Kafka value deserializer: a ClickLog single-object Avro record to a Row of
// (action, destination, time_ms), through the shared ClickDecoder (Apache Avro).
package clicklog.peers;

import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * One instance per source subtask (Flink copies it by serialization), so its decoder is its own.
 * A value that cannot be decoded, or has no valid time, gives no row (Flink's Kafka source skips
 * a null): it is never counted, and a row time must not be null.
 */
public final class ClickRowSchema extends AbstractDeserializationSchema<Row> {
  private final String schemaJson;
  private transient ClickDecoder decoder;

  public ClickRowSchema(String schemaJson) {
    this.schemaJson = schemaJson;
  }

  @Override
  public void open(InitializationContext context) {
    decoder = new ClickDecoder(new org.apache.avro.Schema.Parser().parse(schemaJson));
  }

  @Override
  public Row deserialize(byte[] value) {
    PeerTiming.recordSeen();
    Click c = decoder.decode(value);
    if (c == null || c.timeMs() == Click.NO_TIME) {
      return null;
    }
    return Row.of(c.action(), c.destination(), c.timeMs());
  }

  @Override
  public TypeInformation<Row> getProducedType() {
    return Types.ROW_NAMED(new String[] {"action", "destination", "time_ms"},
        Types.STRING, Types.STRING, Types.LONG);
  }
}
