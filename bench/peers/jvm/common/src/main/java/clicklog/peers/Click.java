// One decoded ClickLog record, reduced to what the top-destinations query reads.
package clicklog.peers;

/** A click-log event: its action, destination and event time (NO_TIME when absent or invalid). */
public record Click(String action, String destination, long timeMs) {
  public static final long NO_TIME = Long.MIN_VALUE;

  /** Counted by CONTRACT.md section 2: action "search", a non-empty destination, a valid time. */
  public boolean isCountedSearch() {
    return "search".equals(action) && destination != null && !destination.isEmpty()
        && timeMs != NO_TIME;
  }
}
