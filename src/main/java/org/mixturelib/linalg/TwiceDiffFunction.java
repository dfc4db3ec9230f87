package org.mixturelib.linalg;

/** A twice-differentiable objective to minimise: returns f(x), its gradient and its Hessian. */
@FunctionalInterface
public interface TwiceDiffFunction {
  /**
   * @param x the point (not modified)
   * @param gradient output, same length as x
   * @param hessian output, column-major {@code n x n} (both triangles)
   * @return the objective value at x
   */
  double valueGradientHessian(double[] x, double[] gradient, double[] hessian);
}
