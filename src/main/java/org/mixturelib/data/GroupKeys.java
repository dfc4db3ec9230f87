package org.mixturelib.data;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Comparator;
import org.apache.spark.Partitioner;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;

/**
 * The keys of a group column: which column types are accepted (strings, integers, floating
 * point and decimal numbers), their canonical Java values (Long, Double, BigDecimal without
 * trailing zeros, String: equal keys compare equal and hash alike on every JVM), the checks
 * (no null, no NaN), and the layout that gathers each group's rows into one partition in the
 * order of their input index.
 */
public final class GroupKeys {
  private GroupKeys() {}

  /** Whether a column of this type can hold group keys. */
  public static boolean supported(DataType t) {
    return t instanceof IntegralType || t instanceof DecimalType
        || t.equals(DataTypes.StringType) || t.equals(DataTypes.DoubleType)
        || t.equals(DataTypes.FloatType);
  }

  /**
   * Checks one key: not null, not NaN.
   *
   * @param column the group column's name, for messages
   * @param row the row's index, for messages
   * @throws IllegalArgumentException naming the column and the row
   */
  public static void check(Object key, String column, long row) {
    if (key == null) {
      throw new IllegalArgumentException("group column '" + column + "': row " + row
          + " has a null group key; every row needs a group");
    }
    if ((key instanceof Double v && v.isNaN()) || (key instanceof Float f && f.isNaN())) {
      throw new IllegalArgumentException("group column '" + column + "': row " + row
          + " has the group key NaN; every row needs a group");
    }
  }

  /** The checked key's canonical value (see the class comment). */
  public static Object canonical(Object key, String column, long row) {
    check(key, column, row);
    if (key instanceof Long || key instanceof Integer || key instanceof Short
        || key instanceof Byte) {
      return ((Number) key).longValue();
    }
    if (key instanceof Double || key instanceof Float) {
      double v = ((Number) key).doubleValue();
      return v == 0 ? 0.0 : v;
    }
    if (key instanceof BigDecimal b) {
      return b.signum() == 0 ? BigDecimal.ZERO : b.stripTrailingZeros();
    }
    if (key instanceof String) {
      return key;
    }
    throw new IllegalArgumentException("group column '" + column + "': row " + row + " has a"
        + " key of type " + key.getClass().getSimpleName() + "; expected a string or a number");
  }

  /** A row's place in the grouped layout: its group's key and its index in the input. */
  public record Place(Object key, long index) implements Serializable {}

  /** Orders places by key, then by index (keys of one column share one Comparable type). */
  public static final class Order implements Comparator<Place>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compare(Place a, Place b) {
      int c = ((Comparable) a.key()).compareTo(b.key());
      return c != 0 ? c : Long.compare(a.index(), b.index());
    }
  }

  /** Sends every row of a group to the same partition (by the key's hash). */
  public static final class ByGroup extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    /** @param partitions number of partitions (at least 1) */
    public ByGroup(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object place) {
      return Math.floorMod(((Place) place).key().hashCode(), partitions);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByGroup b && b.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
