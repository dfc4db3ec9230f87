package org.mixturelib.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-row state's values gathered on the driver, keyed by object, so that they can be written
 * to a checkpoint and restored on rows blocked and partitioned otherwise: each object (a row, or
 * a group of a grouped block) has its key (the row's index in the input, or its group's first
 * row's) and {@code width} values.
 *
 * @param keys the objects' keys
 * @param values the objects' values, row-major, {@code keys.length x width}
 * @param width the values per object
 */
public record RowValues(long[] keys, double[] values, int width) implements Serializable {
  /** Checks that the values hold {@code width} per key. */
  public RowValues {
    if (width < 1 || values.length != (long) keys.length * width) {
      throw new IllegalArgumentException(values.length + " values for " + keys.length
          + " objects of width " + width);
    }
  }

  /** The keys of a block's objects: its rows, or its groups by their first row. */
  static long[] objectKeys(Block b) {
    if (!b.grouped()) {
      long[] keys = new long[b.n];
      Arrays.setAll(keys, b::rowKey);
      return keys;
    }
    long[] keys = new long[b.numGroups()];
    Arrays.setAll(keys, g -> b.rowKey(b.groupStarts[g]));
    return keys;
  }

  /** The values of blocks' states (one array per block, in order), keyed by object. */
  static RowValues of(List<Block> blocks, List<double[]> states) {
    int objects = 0;
    for (Block b : blocks) {
      objects += b.grouped() ? b.numGroups() : b.n;
    }
    long[] keys = new long[objects];
    double[] values = null;
    int width = 0;
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      long[] k = objectKeys(blocks.get(i));
      double[] s = states.get(i);
      if (values == null) {
        width = k.length == 0 ? 1 : s.length / k.length;
        values = new double[objects * width];
      }
      if (s.length != k.length * width) {
        throw new IllegalStateException("a block's state holds " + s.length + " values for "
            + k.length + " objects of width " + width);
      }
      System.arraycopy(k, 0, keys, at, k.length);
      System.arraycopy(s, 0, values, at * width, s.length);
      at += k.length;
    }
    return new RowValues(keys, values == null ? new double[0] : values, Math.max(width, 1));
  }

  /** Where each key's values start. */
  Map<Long, Integer> index() {
    Map<Long, Integer> at = new HashMap<>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      at.put(keys[i], i * width);
    }
    return at;
  }

  /**
   * A block's state from these values.
   *
   * @param at {@link #index()}
   * @throws IllegalArgumentException when an object of the block has no values
   */
  double[] stateOf(Block b, Map<Long, Integer> at) {
    long[] k = objectKeys(b);
    double[] s = new double[k.length * width];
    for (int i = 0; i < k.length; i++) {
      Integer from = at.get(k[i]);
      if (from == null) {
        throw new IllegalArgumentException("the saved per-row state has no values for row "
            + k[i]);
      }
      System.arraycopy(values, from, s, i * width, width);
    }
    return s;
  }
}
