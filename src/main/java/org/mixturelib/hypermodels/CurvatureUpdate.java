package org.mixturelib.hypermodels;

/**
 * A {@link GateUpdate} that also aggregates the Hessian of the cross-entropy: what the engine
 * gives a {@link CurvatureGate}'s M-step.
 */
public interface CurvatureUpdate extends GateUpdate {
  /**
   * Like {@link #lossAndGradient}, and also writes the Hessian of the cross-entropy
   * (column-major, both triangles); one pass over the data.
   */
  double lossGradientHessian(double[] params, double[] gradient, double[] hessian);
}
