package org.mixturelib.data;

import java.io.Serializable;

/**
 * One per-row input column that a family of experts reads beyond the features, label, weight,
 * offset, trials and gate inputs (a censoring limit per row, a zero part's covariate): its role
 * (the name the family reads it by, {@link Block#familyColumn(String)}), the input column it
 * comes from, what a null in that column stands for, and whether infinite values are allowed.
 * The blocks carry such columns side by side ({@link Block#familyValues}); they are read and
 * checked once, at ingestion ({@link BlockBuilder}). A vector input column gives one family
 * column per entry ({@link #slot}), each under a role of its own.
 *
 * @param role the role the family reads the values by
 * @param column the input column's name (for reading and for messages)
 * @param ifNull the value a null stands for, or NaN when nulls are refused
 * @param infinite whether the values may be infinite (NaN is always refused)
 * @param slot the entry read from a vector column, or -1 for a numeric column
 * @param width the number of entries every row's vector must have (a vector column), or -1
 *     for a numeric column
 */
public record FamilyColumn(String role, String column, double ifNull, boolean infinite,
    int slot, int width) implements Serializable {
  /** Checks the names. */
  public FamilyColumn {
    if (role == null || role.isEmpty()) {
      throw new IllegalArgumentException("a family column needs a role");
    }
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException("family column '" + role + "' needs a column name");
    }
  }

  /** A numeric column. */
  public FamilyColumn(String role, String column, double ifNull, boolean infinite) {
    this(role, column, ifNull, infinite, -1, -1);
  }

  /** A column of finite values, nulls refused. */
  public static FamilyColumn finite(String role, String column) {
    return new FamilyColumn(role, column, Double.NaN, false);
  }

  /**
   * Entry {@code slot} of a vector column, finite, nulls refused.
   *
   * @param role the role the family reads the entry by
   * @param column the vector column's name
   * @param slot the entry's index (>= 0)
   * @param width the number of entries every row's vector has (above {@code slot}): a row
   *     with more or fewer is refused, never truncated
   */
  public static FamilyColumn entry(String role, String column, int slot, int width) {
    if (slot < 0 || slot >= width) {
      throw new IllegalArgumentException("family column '" + role + "': entry " + slot
          + " of a vector of " + width + " entries");
    }
    return new FamilyColumn(role, column, Double.NaN, false, slot, width);
  }

  /** Whether the values are entries of a vector column. */
  public boolean isEntry() {
    return slot >= 0;
  }

  /**
   * The value of a read field: a null stands for {@link #ifNull()} or is refused naming the
   * column; numbers are taken as doubles (range checks are {@link #check}'s).
   *
   * @param value the field's value (a {@link Number}, a vector for an entry, or null)
   * @param index the row's index, for messages
   */
  public double read(Object value, long index) {
    if (value == null) {
      if (Double.isNaN(ifNull)) {
        throw new IllegalArgumentException("column '" + column + "': row " + index
            + " is null");
      }
      return ifNull;
    }
    if (slot >= 0) {
      org.apache.spark.ml.linalg.Vector v = (org.apache.spark.ml.linalg.Vector) value;
      if (v.size() != width) {
        throw new IllegalArgumentException("column '" + column + "': row " + index + " has "
            + v.size() + " entries; expected " + width + " (one per name its entries were"
            + " given at fit)");
      }
      return v.apply(slot);
    }
    return ((Number) value).doubleValue();
  }

  /** Refuses NaN, and an infinite value unless {@link #infinite()}, naming the column. */
  public void check(double v, long index) {
    if (Double.isNaN(v) || (!infinite && Double.isInfinite(v))) {
      throw new IllegalArgumentException("column '" + column + "': row " + index + " is " + v
          + ", expected " + (infinite ? "a number (infinite allowed)" : "a finite number"));
    }
  }
}
