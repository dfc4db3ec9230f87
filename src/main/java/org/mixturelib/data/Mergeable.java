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
}
