package org.mixturelib.linalg;

/**
 * Limited-memory BFGS on the driver with a backtracking line search (Armijo condition,
 * curvature pairs skipped when not positive). Used by the gates, the linear softmax gate and
 * {@code RegularizeFunc}, whose objectives are aggregated over the data or computed locally.
 *
 * <p>Stops when the relative decrease of f falls below {@code tol}, the gradient's max-norm
 * falls below {@code tol * max(1, |f|)}, or after {@code maxIter} iterations. Never returns a
 * point worse than the start.
 */
public final class Lbfgs {
  private final int memory;
  private final int maxIter;
  private final double tol;

  /** Result of a minimisation. */
  public record Result(double[] x, double value, int iterations, boolean converged) {}

  /**
   * @param memory number of curvature pairs kept (e.g. 10)
   * @param maxIter iteration limit
   * @param tol relative tolerance on the decrease of the objective
   */
  public Lbfgs(int memory, int maxIter, double tol) {
    if (memory < 1 || maxIter < 0 || !(tol > 0)) {
      throw new IllegalArgumentException("L-BFGS needs memory >= 1, maxIter >= 0 and tol > 0");
    }
    this.memory = memory;
    this.maxIter = maxIter;
    this.tol = tol;
  }

  /** Minimises f from x0 (not modified). */
  public Result minimize(DiffFunction f, double[] x0) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    if (!Double.isFinite(fx)) {
      throw new ArithmeticException("objective is not finite at the starting point");
    }
    double[][] s = new double[memory][];
    double[][] y = new double[memory][];
    double[] rho = new double[memory];
    int stored = 0;
    int head = 0;
    double[] alpha = new double[memory];
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    for (int iter = 0; iter < maxIter; iter++) {
      if (maxAbs(g) <= tol * Math.max(1, Math.abs(fx))) {
        return new Result(x, fx, iter, true);
      }
      double[] d = g.clone();
      for (int i = 0; i < stored; i++) {
        int j = Math.floorMod(head - 1 - i, memory);
        alpha[j] = rho[j] * dot(s[j], d);
        axpy(-alpha[j], y[j], d);
      }
      if (stored > 0) {
        int last = Math.floorMod(head - 1, memory);
        scale(dot(s[last], y[last]) / dot(y[last], y[last]), d);
      } else {
        scale(1 / Math.max(1, Math.sqrt(dot(g, g))), d);
      }
      for (int i = stored - 1; i >= 0; i--) {
        int j = Math.floorMod(head - 1 - i, memory);
        double beta = rho[j] * dot(y[j], d);
        axpy(alpha[j] - beta, s[j], d);
      }
      scale(-1, d);
      double slope = dot(g, d);
      if (slope >= 0) {
        d = g.clone();
        scale(-1 / Math.max(1, Math.sqrt(dot(g, g))), d);
        slope = dot(g, d);
        stored = 0;
      }
      double step = 1;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int ls = 0; ls < 40; ls++) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        fNew = f.valueAndGradient(xNew, gNew);
        if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        return new Result(x, fx, iter, true);
      }
      double[] sk = new double[n];
      double[] yk = new double[n];
      for (int i = 0; i < n; i++) {
        sk[i] = xNew[i] - x[i];
        yk[i] = gNew[i] - g[i];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
        s[head] = sk;
        y[head] = yk;
        rho[head] = 1 / sy;
        head = (head + 1) % memory;
        stored = Math.min(stored + 1, memory);
      }
      double decrease = fx - fNew;
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      if (decrease <= tol * Math.max(1, Math.abs(fx))) {
        return new Result(x, fx, iter + 1, true);
      }
    }
    return new Result(x, fx, maxIter, false);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double a, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
