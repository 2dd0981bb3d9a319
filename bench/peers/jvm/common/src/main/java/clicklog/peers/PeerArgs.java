// The command line every JVM peer takes: --brokers --topic --schema, and the query's shape.
package clicklog.peers;

import java.util.HashMap;
import java.util.Map;

/** Parsed "--name value" pairs with the query's defaults (10 min window, 10 s slide, top 10). */
public final class PeerArgs {
  public final String brokers;
  public final String topic;
  public final String schema;
  public final long windowMs;
  public final long slideMs;
  public final long latenessMs;
  public final int top;
  public final int parallelism;
  /** Unbounded: read on until stopped, saying when each result row came out. */
  public final boolean live;

  public PeerArgs(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    brokers = required(m, "brokers");
    topic = m.getOrDefault("topic", "clicklog");
    schema = required(m, "schema");
    windowMs = Long.parseLong(m.getOrDefault("window-ms", "600000"));
    slideMs = Long.parseLong(m.getOrDefault("slide-ms", "10000"));
    latenessMs = Long.parseLong(m.getOrDefault("lateness-ms", "10000"));
    top = Integer.parseInt(m.getOrDefault("top", "10"));
    parallelism = Integer.parseInt(m.getOrDefault("parallelism", "2"));
    live = Boolean.parseBoolean(m.getOrDefault("live", "false"));
  }

  private static String required(Map<String, String> m, String name) {
    String v = m.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
