package org.mixturelib.hypermodels;

/**
 * What a gate's M-step can ask of the engine: the weighted total responsibility per component,
 * and (for gradient-trained gates) the cross-entropy and its gradient at candidate parameters,
 * aggregated over all rows with the responsibilities of the current E-step. An update that also
 * aggregates the Hessian is a {@link CurvatureUpdate}.
 */
public interface GateUpdate {
  /** {@code Σ_i w_i r_ik}, one per component. */
  double[] counts();

  /** {@code Σ_i w_i}. */
  double totalWeight();

  /**
   * Cross-entropy {@code -Σ_i w_i Σ_k r_ik log pi_k(x_i; params)} over all rows, writing its
   * gradient; one pass over the data.
   */
  double lossAndGradient(double[] params, double[] gradient);

  /** Iteration limit of the gate's optimiser (L-BFGS or Newton) for one M-step. */
  int maxIterations();

  /** Relative tolerance of the gate's own optimisation. */
  double tolerance();
}
