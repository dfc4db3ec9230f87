package org.mixturelib.persistence;

import java.util.List;

/**
 * Where a {@link Persistent} component reads back what it wrote to a {@link ParameterWriter}.
 * Every getter refuses a missing or malformed value with an {@link IllegalArgumentException}
 * that names the file and the value.
 */
public interface ParameterReader {
  /** Whether a value of that name was written. */
  boolean has(String name);

  /**
   * The array of doubles {@code name}, which must hold {@code length} values.
   *
   * @throws IllegalArgumentException when it is missing or of another length
   */
  double[] doubles(String name, int length);

  /** The array of ints {@code name}. */
  int[] ints(String name);

  /** The int {@code name}. */
  int integer(String name);

  /** The string {@code name}. */
  String text(String name);

  /** The boolean {@code name}. */
  boolean flag(String name);

  /**
   * The items of the list {@code name}, which must hold {@code count} of them.
   *
   * @throws IllegalArgumentException when it is missing or holds another number of items
   */
  List<ParameterReader> items(String name, int count);

  /** An error saying that the saved values are corrupt, naming the file and {@code what}. */
  IllegalArgumentException corrupt(String what);
}
