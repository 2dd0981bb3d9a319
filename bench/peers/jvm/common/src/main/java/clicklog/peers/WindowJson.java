// clicklog's JSON-lines shape of one window (CONTRACT.md section 2), so peers compare by line.
package clicklog.peers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Formats {"window_start":..,"window_end":..,"top":[{"destination":..,"searches":..},..]}. */
public final class WindowJson {
  /** One ranked entry of a window. */
  public record Entry(String destination, long searches) {}

  private WindowJson() {}

  public static String line(long startMs, long endMs, List<Entry> top) {
    StringBuilder out = new StringBuilder(64 + top.size() * 48);
    out.append("{\"window_start\":\"").append(time(startMs))
        .append("\",\"window_end\":\"").append(time(endMs)).append("\",\"top\":[");
    for (int i = 0; i < top.size(); i++) {
      out.append(i == 0 ? "" : ",").append("{\"destination\":");
      quote(out, top.get(i).destination());
      out.append(",\"searches\":").append(top.get(i).searches()).append('}');
    }
    return out.append("]}").toString();
  }

  private static String time(long ms) {
    return Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
