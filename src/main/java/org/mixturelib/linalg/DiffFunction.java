package org.mixturelib.linalg;

/** A differentiable objective to minimise: returns f(x) and writes its gradient. */
@FunctionalInterface
public interface DiffFunction {
  /**
   * @param x the point (not modified)
   * @param gradient output, same length as x
   * @return the objective value at x
   */
  double valueAndGradient(double[] x, double[] gradient);
}
