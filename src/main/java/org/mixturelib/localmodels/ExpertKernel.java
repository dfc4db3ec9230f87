package org.mixturelib.localmodels;

import org.mixturelib.data.Block;

/**
 * One partition's per-block work for an {@link ExpertFamily} at fixed parameters, with the
 * working arrays it reuses from block to block (nothing allocated per row). Made by {@link
 * ExpertFamily#newKernel} inside a task; never serialised. For each block the engine calls
 * {@link #addLogLikelihood} and then, for the same block, {@link #addStatistics}, so a kernel
 * may keep what the first computed (predictions, linear predictors) for the second.
 */
public interface ExpertKernel {
  /**
   * Adds {@code log p(y_i | x_i, expert k)} (its expectation under the posterior for
   * variational experts, unless {@code plugIn}) into {@code out}, row-major {@code n x K}, where
   * the gate has written its log weights.
   *
   * @param plugIn score with point estimates instead of expectations
   */
  void addLogLikelihood(Block b, boolean plugIn, double[] out);

  /**
   * Adds the block's statistics for the M-step into {@code stats}.
   *
   * @param rw column-major n x K weights (case weight times responsibility), expert k's at
   *     {@code k n}
   * @param stats statistics made by the same family's {@link ExpertFamily#newStatistics}
   */
  void addStatistics(Block b, double[] rw, ExpertStatistics stats);
}
