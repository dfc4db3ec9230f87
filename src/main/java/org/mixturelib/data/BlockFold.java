package org.mixturelib.data;

import java.io.Serializable;

/**
 * Adds one block's contribution to a partition's statistics, given the broadcast parameters.
 *
 * @param <P> the parameters
 * @param <S> the statistics
 */
@FunctionalInterface
public interface BlockFold<P, S> extends Serializable {
  /** Adds block {@code b} into {@code acc}. */
  void add(P params, Block b, S acc);
}
