package org.mixturelib.linalg;

/**
 * Damped Newton's method on the driver for small convex objectives whose Hessian is aggregated
 * over the data (the linear softmax gate). Each step solves {@code (H + lambda I) d = -g} by
 * Cholesky, with {@code lambda} a tiny multiple of the largest diagonal entry so that flat
 * directions (a softmax is unchanged by adding one vector to every output) do not make the
 * system singular, then backtracks until the Armijo condition holds.
 *
 * <p>Stops when half the Newton decrement {@code -gᵀd / 2} (the predicted decrease) falls below
 * {@code tol * max(1, |f|)}, taking that last full step unless it raises f, or when no step
 * lowers f, or after {@code maxIter} steps. Never returns a point worse than the start.
 */
public final class Newton {
  private static final double DAMPING = 1e-10;

  private final int maxIter;
  private final double tol;

  /** Result of a minimisation. */
  public record Result(double[] x, double value, int iterations, boolean converged) {}

  /**
   * @param maxIter step limit (>= 0)
   * @param tol relative tolerance on the predicted decrease (> 0)
   */
  public Newton(int maxIter, double tol) {
    if (maxIter < 0 || !(tol > 0)) {
      throw new IllegalArgumentException("Newton needs maxIter >= 0 and tol > 0, got maxIter = "
          + maxIter + ", tol = " + tol);
    }
    this.maxIter = maxIter;
    this.tol = tol;
  }

  /** Minimises f from x0 (not modified). */
  public Result minimize(TwiceDiffFunction f, double[] x0) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double[] h = new double[n * n];
    double fx = f.valueGradientHessian(x, g, h);
    if (!Double.isFinite(fx)) {
      throw new ArithmeticException("objective is not finite at the starting point");
    }
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    double[] hNew = new double[n * n];
    for (int iter = 0; iter < maxIter; iter++) {
      double[] d = direction(h, g, n);
      double slope = 0;
      for (int i = 0; i < n; i++) {
        slope += g[i] * d[i];
      }
      double limit = tol * Math.max(1, Math.abs(fx));
      if (!(slope < 0)) {
        return new Result(x, fx, iter, true);
      }
      if (-slope / 2 <= limit) {
        return finalStep(f, x, fx, d, iter);
      }
      double step = 1;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int ls = 0; ls < 40; ls++) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        fNew = f.valueGradientHessian(xNew, gNew, hNew);
        if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        return new Result(x, fx, iter, true);
      }
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      System.arraycopy(hNew, 0, h, 0, n * n);
      fx = fNew;
    }
    return new Result(x, fx, maxIter, false);
  }

  /**
   * The full last step once the predicted decrease is below the tolerance, kept unless it
   * raises f: near the minimum Newton converges quadratically, so the point returned is then
   * within rounding of the minimiser and does not depend on which iteration crossed the
   * tolerance (which rounding of the aggregated sums can move by one).
   */
  private static Result finalStep(TwiceDiffFunction f, double[] x, double fx, double[] d,
      int iter) {
    int n = x.length;
    double[] xNew = new double[n];
    for (int i = 0; i < n; i++) {
      xNew[i] = x[i] + d[i];
    }
    double fNew = f.valueGradientHessian(xNew, new double[n], new double[n * n]);
    if (Double.isFinite(fNew) && fNew <= fx) {
      return new Result(xNew, fNew, iter + 1, true);
    }
    return new Result(x, fx, iter, true);
  }

  private static double[] direction(double[] h, double[] g, int n) {
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      maxDiag = Math.max(maxDiag, h[i * n + i]);
    }
    double[] a = h.clone();
    double lambda = DAMPING * Math.max(maxDiag, Double.MIN_NORMAL);
    for (int i = 0; i < n; i++) {
      a[i * n + i] += lambda;
    }
    double[] d = g.clone();
    for (int i = 0; i < n; i++) {
      d[i] = -d[i];
    }
    Cholesky.factor(a, n, "Newton system of the gate").solveInPlace(d, 1);
    return d;
  }
}
