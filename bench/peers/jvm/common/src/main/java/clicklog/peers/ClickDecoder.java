// Decodes a Kafka record value framed as Avro single-object encoding (C3 01, the schema's
// CRC-64-AVRO fingerprint, the binary body) with Apache Avro's own BinaryMessageDecoder.
package clicklog.peers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * One decoder per thread (it reuses its record): BinaryMessageDecoder checks the header and the
 * fingerprint, then reads the body; a value that fails either is a bad record (null).
 */
public final class ClickDecoder {
  private final BinaryMessageDecoder<GenericRecord> decoder;
  private GenericRecord reuse;

  public ClickDecoder(Schema schema) {
    decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
  }

  /** The schema of schema/clicklog.avsc (path given by the caller). */
  public static Schema loadSchema(String path) {
    try {
      return new Schema.Parser().parse(new File(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema " + path, e);
    }
  }

  /** The decoded click, or null for a value that is not a ClickLog single-object record. */
  public Click decode(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      reuse = decoder.decode(value, reuse);
    } catch (IOException | AvroRuntimeException e) {
      return null;
    }
    return new Click(text(reuse.get("action")), text(reuse.get("destination")),
        EventTime.parseMillis(text(reuse.get("time"))));
  }

  private static String text(Object field) {
    return field == null ? null : field.toString();
  }
}
