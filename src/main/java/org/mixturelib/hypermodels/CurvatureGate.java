package org.mixturelib.hypermodels;

import org.mixturelib.data.Block;

/**
 * A gradient-trained gate with a closed-form Hessian of its cross-entropy (the linear softmax
 * gate), whose M-step takes Newton steps when the engine's {@link GateUpdate} aggregates the
 * Hessian too.
 */
public interface CurvatureGate extends TrainedGate {
  /**
   * Like {@link #addLossAndGradient}, and also adds the block's part of the Hessian with respect
   * to {@code params} into {@code hessian} (column-major, both triangles).
   */
  double addLossGradientHessian(Block b, double[] resp, double[] params, double[] gradient,
      double[] hessian);
}
