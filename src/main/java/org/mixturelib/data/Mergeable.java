package org.mixturelib.data;

import java.io.Serializable;

/**
 * A statistics object that {@code treeAggregate} moves: built per partition, merged pairwise.
 * Its size depends on the model's dimensions only, never on the number of rows.
 *
 * @param <S> the concrete type
 */
public interface Mergeable<S> extends Serializable {
  /** Adds {@code other} into this and returns this. */
  S merge(S other);

  /** Adds {@code from} element-wise into {@code into} (the usual body of a merge). */
  static void addInto(double[] into, double[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }
}
