// The times scripts/bench-peers reads from a peer: when its first record was decoded and when
// its last result came out, as one line on stderr.
package clicklog.peers;

import java.util.concurrent.atomic.AtomicLong;

/** Process-wide first-record and last-result clocks (wall clock, epoch ms). */
public final class PeerTiming {
  private static final AtomicLong FIRST_RECORD = new AtomicLong(0);
  private static final AtomicLong LAST_RESULT = new AtomicLong(0);

  private PeerTiming() {}

  public static void recordSeen() {
    if (FIRST_RECORD.get() == 0) {
      FIRST_RECORD.compareAndSet(0, System.currentTimeMillis());
    }
  }

  public static void resultOut() {
    LAST_RESULT.set(System.currentTimeMillis());
  }

  public static long lastResultMs() {
    return LAST_RESULT.get();
  }

  /** "peer-result: window_end_ms=.. out_ms=.." on stderr: a live run's result latency. */
  public static void windowOut(long windowEndMs) {
    System.err.printf("peer-result: window_end_ms=%d out_ms=%d%n", windowEndMs,
        System.currentTimeMillis());
  }

  /** "peer-timing: first_record_ms=.. last_result_ms=.. records=.. windows=.." on stderr. */
  public static void report(long records, long windows) {
    System.err.printf("peer-timing: first_record_ms=%d last_result_ms=%d records=%d windows=%d%n",
        FIRST_RECORD.get(), LAST_RESULT.get(), records, windows);
  }
}
