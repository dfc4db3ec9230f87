package org.mixturelib.persistence;

/**
 * Where a {@link Persistent} component writes its parameters: named values, each name once per
 * writer. Doubles are kept bit for bit.
 */
public interface ParameterWriter {
  /** Writes an array of doubles (any values, NaN and infinities included, bit for bit). */
  void doubles(String name, double[] values);

  /** Writes an array of ints. */
  void ints(String name, int[] values);

  /** Writes one int. */
  void integer(String name, int value);

  /** Writes one string. */
  void text(String name, String value);

  /** Writes one boolean. */
  void flag(String name, boolean value);

  /**
   * Appends an item to the list {@code name} (for instance one per expert) and returns the
   * writer of that item's own named values.
   */
  ParameterWriter item(String name);
}
