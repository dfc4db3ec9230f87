package org.mixturelib.hypermodels;

/**
 * A gate whose components can be dropped and re-seeded (a degenerate component under the
 * engine's minPrior rule).
 */
public interface ResizableGate extends Gate {
  /**
   * A copy over the given components only, in the given order, their weights renormalised (to
   * drop a degenerate component).
   */
  ResizableGate restrictTo(int[] keep);

  /**
   * A copy in which component {@code into} (a degenerate one being re-seeded) takes half of
   * component {@code from}'s weight, for every x, and {@code from} keeps the other half.
   */
  ResizableGate splitWeight(int from, int into);
}
