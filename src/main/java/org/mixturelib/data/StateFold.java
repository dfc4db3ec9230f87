package org.mixturelib.data;

import java.io.Serializable;

/**
 * Like {@link BlockFold} for models that keep a value per row between iterations (the sparse
 * gate's per-object posterior): reads the block's previous state (null on the first pass) and
 * returns its new state.
 *
 * @param <P> the parameters
 * @param <S> the statistics
 */
@FunctionalInterface
public interface StateFold<P, S> extends Serializable {
  /** Adds block {@code b} into {@code acc} and returns the block's new per-row state. */
  double[] add(P params, Block b, double[] previousState, S acc);
}
