// The top N destinations of one window, ranked as the contract says, with a compact binary form
// for the peers that move it between tasks (Kafka Streams' repartition topic and store).
package clicklog.peers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A ranked list of (destination, searches), count descending then destination ascending. */
public final class TopList {
  /** Count descending, then destination ascending (UTF-16 order, bytewise for BMP text). */
  public static final Comparator<WindowJson.Entry> RANKING =
      Comparator.comparingLong(WindowJson.Entry::searches).reversed()
          .thenComparing(WindowJson.Entry::destination);

  private final List<WindowJson.Entry> entries = new ArrayList<>();

  public TopList() {}

  public static TopList of(String destination, long searches) {
    TopList one = new TopList();
    one.entries.add(new WindowJson.Entry(destination, searches));
    return one;
  }

  public List<WindowJson.Entry> entries() {
    return entries;
  }

  /** Adds other's entries and keeps the best limit; returns this. */
  public TopList merge(TopList other, int limit) {
    entries.addAll(other.entries);
    entries.sort(RANKING);
    while (entries.size() > limit) {
      entries.remove(entries.size() - 1);
    }
    return this;
  }

  public byte[] toBytes() {
    List<byte[]> names = new ArrayList<>(entries.size());
    int size = 4;
    for (WindowJson.Entry e : entries) {
      byte[] name = e.destination().getBytes(StandardCharsets.UTF_8);
      names.add(name);
      size += 12 + name.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.putLong(entries.get(i).searches()).putInt(names.get(i).length).put(names.get(i));
    }
    return out.array();
  }

  public static TopList fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    TopList list = new TopList();
    for (int n = in.getInt(); n > 0; n--) {
      long searches = in.getLong();
      byte[] name = new byte[in.getInt()];
      in.get(name);
      list.entries.add(new WindowJson.Entry(new String(name, StandardCharsets.UTF_8), searches));
    }
    return list;
  }
}
