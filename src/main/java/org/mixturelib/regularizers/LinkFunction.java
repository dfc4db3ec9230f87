package org.mixturelib.regularizers;

import java.io.Serializable;

/**
 * A differentiable link between the experts' prior means for {@link RegularizeFunc}: a
 * log-density {@code R(W0)} to maximise, with its gradient.
 */
@FunctionalInterface
public interface LinkFunction extends Serializable {
  /**
   * @param priorMeans one row per regularized expert: its prior mean, column-major D x M
   * @param gradient output of the same shape: dR / dW0
   * @return R(W0)
   */
  double valueAndGradient(double[][] priorMeans, double[][] gradient);
}
