package org.mixturelib.localmodels;

import org.mixturelib.data.Block;

/** Experts that give the variance of their answer around their prediction. */
public interface PredictiveVariance extends ExpertFamily {
  /**
   * Every expert's predictive variance for the block's rows (averaged over the outputs),
   * column-major {@code n x K}.
   *
   * @param out output array of length at least n K
   */
  void predictiveVariance(Block b, double[] out);
}
