package org.mixturelib.hypermodels;

import org.mixturelib.data.Block;

/**
 * A gate trained by gradients: its M-step minimises the cross-entropy {@code -Σ_i w_i Σ_k r_ik
 * log pi_k(x_i; params)} over one parameter vector, through the loss and gradient that the
 * engine aggregates over the rows ({@link GateUpdate#lossAndGradient}) from this gate's
 * per-block terms.
 */
public interface TrainedGate extends Gate {
  /** The current trainable parameters as one vector (a copy). */
  double[] parameters();

  /**
   * Replaces the trainable parameters.
   *
   * @param params the length of {@link #parameters()}, finite values
   */
  void setParameters(double[] params);

  /**
   * Adds this block's cross-entropy {@code -Σ_i w_i Σ_k r_ik log pi_k(x_i; params)} to the
   * returned value and its gradient with respect to {@code params} into {@code gradient}.
   *
   * @param resp row-major n x K responsibilities
   */
  double addLossAndGradient(Block b, double[] resp, double[] params, double[] gradient);

  /**
   * This block's cross-entropy at {@code params}, what {@link #addLossAndGradient} returns,
   * without its gradient (a gate may compute it more cheaply).
   */
  default double loss(Block b, double[] resp, double[] params) {
    return addLossAndGradient(b, resp, params, new double[params.length]);
  }
}
