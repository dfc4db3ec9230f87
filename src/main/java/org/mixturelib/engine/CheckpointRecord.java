package org.mixturelib.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A checkpoint's named values in binary: what the components write of themselves ({@link
 * org.mixturelib.persistence.Persistent}) and the engine's own records. Each value is its name,
 * a one-byte tag and its content (doubles as their raw IEEE bits, so a resume is bit-exact);
 * reading checks every tag, refuses lengths the remaining bytes cannot hold before allocating,
 * and bounds the nesting. Nothing is Java-deserialised.
 */
final class CheckpointRecord implements ParameterWriter, ParameterReader {
  /** Deepest nesting of lists a checkpoint holds. */
  static final int MAX_DEPTH = 16;
  private static final byte DOUBLES = 1;
  private static final byte INTS = 2;
  private static final byte INTEGER = 3;
  private static final byte TEXT = 4;
  private static final byte FLAG = 5;
  private static final byte LIST = 6;

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final String where;

  /** @param where names the checkpoint in errors */
  CheckpointRecord(String where) {
    this.where = where;
  }

  private void put(String name, Object value) {
    if (values.putIfAbsent(name, value) != null) {
      throw new IllegalStateException("'" + name + "' is written twice");
    }
  }

  @Override
  public void doubles(String name, double[] v) {
    put(name, v.clone());
  }

  @Override
  public void ints(String name, int[] v) {
    put(name, v.clone());
  }

  @Override
  public void integer(String name, int value) {
    put(name, value);
  }

  @Override
  public void text(String name, String value) {
    put(name, value);
  }

  @Override
  public void flag(String name, boolean value) {
    put(name, value);
  }

  /** Writes one double. */
  void number(String name, double value) {
    doubles(name, new double[] {value});
  }

  @Override
  public ParameterWriter item(String name) {
    Object list = values.computeIfAbsent(name, n -> new ArrayList<CheckpointRecord>());
    if (!(list instanceof List<?>)) {
      throw new IllegalStateException("'" + name + "' is written twice");
    }
    CheckpointRecord item = new CheckpointRecord(where);
    @SuppressWarnings("unchecked")
    List<CheckpointRecord> items = (List<CheckpointRecord>) list;
    items.add(item);
    return item;
  }

  @Override
  public boolean has(String name) {
    return values.containsKey(name);
  }

  private <T> T get(String name, Class<T> type, String what) {
    Object v = values.get(name);
    if (!type.isInstance(v)) {
      throw corrupt("'" + name + "' is not " + what);
    }
    return type.cast(v);
  }

  @Override
  public double[] doubles(String name, int length) {
    double[] v = doubles(name);
    if (v.length != length) {
      throw corrupt("'" + name + "' must hold " + length + " values, found " + v.length);
    }
    return v;
  }

  /** The array of doubles {@code name}, of any length. */
  double[] doubles(String name) {
    return get(name, double[].class, "an array of numbers").clone();
  }

  /** The double {@code name}. */
  double number(String name) {
    return doubles(name, 1)[0];
  }

  @Override
  public int[] ints(String name) {
    return get(name, int[].class, "an array of whole numbers").clone();
  }

  @Override
  public int integer(String name) {
    return get(name, Integer.class, "a whole number");
  }

  @Override
  public String text(String name) {
    return get(name, String.class, "a text");
  }

  @Override
  public boolean flag(String name) {
    return get(name, Boolean.class, "a flag");
  }

  @Override
  public List<ParameterReader> items(String name, int count) {
    List<?> list = get(name, List.class, "a list");
    if (list.size() != count) {
      throw corrupt("'" + name + "' must list " + count + " items, found " + list.size());
    }
    return new ArrayList<>(records(list));
  }

  /** The one item of the list {@code name}. */
  CheckpointRecord item1(String name) {
    List<CheckpointRecord> list = records(get(name, List.class, "a list"));
    if (list.size() != 1) {
      throw corrupt("'" + name + "' must list one item, found " + list.size());
    }
    return list.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<CheckpointRecord> records(List<?> list) {
    return (List<CheckpointRecord>) list;
  }

  @Override
  public IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException(where + " is refused: " + what);
  }

  /** Writes the values in order. */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(values.size());
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.writeUTF(e.getKey());
      Object v = e.getValue();
      if (v instanceof double[] d) {
        out.writeByte(DOUBLES);
        out.writeInt(d.length);
        for (double x : d) {
          out.writeLong(Double.doubleToRawLongBits(x));
        }
      } else if (v instanceof int[] a) {
        out.writeByte(INTS);
        out.writeInt(a.length);
        for (int x : a) {
          out.writeInt(x);
        }
      } else if (v instanceof Integer i) {
        out.writeByte(INTEGER);
        out.writeInt(i);
      } else if (v instanceof String s) {
        out.writeByte(TEXT);
        out.writeUTF(s);
      } else if (v instanceof Boolean b) {
        out.writeByte(FLAG);
        out.writeBoolean(b);
      } else {
        List<CheckpointRecord> items = records((List<?>) v);
        out.writeByte(LIST);
        out.writeInt(items.size());
        for (CheckpointRecord item : items) {
          item.writeTo(out);
        }
      }
    }
  }

  /**
   * Reads what {@link #writeTo} wrote, checking every tag and length; {@code in} must report
   * the bytes that remain ({@link java.io.ByteArrayInputStream} does).
   *
   * @throws IllegalArgumentException naming {@code where} and what is wrong
   * @throws IOException when the bytes end early (or hold a malformed text)
   */
  static CheckpointRecord readFrom(DataInputStream in, String where, int depth)
      throws IOException {
    CheckpointRecord r = new CheckpointRecord(where);
    if (depth > MAX_DEPTH) {
      throw malformed(where, "its values are nested deeper than " + MAX_DEPTH);
    }
    int count = length(in, 3, where);
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      if (r.has(name)) {
        throw malformed(where, "'" + name + "' appears twice");
      }
      byte tag = in.readByte();
      switch (tag) {
        case DOUBLES -> {
          double[] d = new double[length(in, Double.BYTES, where)];
          for (int j = 0; j < d.length; j++) {
            d[j] = Double.longBitsToDouble(in.readLong());
          }
          r.values.put(name, d);
        }
        case INTS -> {
          int[] a = new int[length(in, Integer.BYTES, where)];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readInt();
          }
          r.values.put(name, a);
        }
        case INTEGER -> r.values.put(name, in.readInt());
        case TEXT -> r.values.put(name, in.readUTF());
        case FLAG -> r.values.put(name, in.readBoolean());
        case LIST -> {
          int n = length(in, Integer.BYTES, where);
          List<CheckpointRecord> items = new ArrayList<>(n);
          for (int j = 0; j < n; j++) {
            items.add(readFrom(in, where, depth + 1));
          }
          r.values.put(name, items);
        }
        default -> throw malformed(where, "'" + name + "' has an unknown kind " + tag);
      }
    }
    return r;
  }

  /** A count of elements of at least {@code bytes} bytes each, which the rest must hold. */
  private static int length(DataInputStream in, int bytes, String where) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * bytes > in.available()) {
      throw malformed(where, "a length of " + n + " with " + in.available() + " bytes left");
    }
    return n;
  }

  /** An error saying that the payload is not laid out as {@link #writeTo} writes. */
  static IllegalArgumentException malformed(String where, String what) {
    return new IllegalArgumentException(where + " is not a checkpoint of this format: " + what);
  }
}
