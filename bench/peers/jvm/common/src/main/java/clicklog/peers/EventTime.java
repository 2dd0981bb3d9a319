// The `time` field of the contract: RFC 3339 with a zone, or "YYYY-MM-DD HH:MM:SS[.fff]" as UTC.
package clicklog.peers;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Parses event times to epoch milliseconds (truncated to the millisecond). */
public final class EventTime {
  private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .toFormatter();

  private EventTime() {}

  /** Epoch milliseconds of text, or Click.NO_TIME when it is null or not one of the forms. */
  public static long parseMillis(String text) {
    if (text == null || text.length() < 19) {
      return Click.NO_TIME;
    }
    try {
      if (text.charAt(10) == 'T') {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(text, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return Click.NO_TIME;
    }
  }
}
