package org.mixturelib.localmodels;

/**
 * {@code log(1 + x)} and {@code exp(x) - 1} from {@link Math#log} and {@link Math#exp}, which
 * the JIT compiles to intrinsics, where {@link Math#log1p} and {@link Math#expm1} run {@code
 * StrictMath}'s software versions (several times slower, and the GLM passes call them per row
 * and expert). Kahan's formulas (Higham, Accuracy and Stability of Numerical Algorithms, 2nd
 * ed., §1.14.1): with {@code u = 1 + x} rounded, {@code log(u) (x / (u - 1))} cancels the
 * rounding of u, and likewise for {@code (u - 1) x / log(u)} with {@code u = exp(x)}; both are
 * within a few ulps of the exact value.
 */
final class ExpLog {
  private ExpLog() {}

  /** {@code log(1 + x)}, for {@code x >= -1}. */
  static double log1p(double x) {
    double u = 1 + x;
    if (u == 1) {
      return x;
    }
    if (u == Double.POSITIVE_INFINITY) {
      return Math.log(x);
    }
    return Math.log(u) * (x / (u - 1));
  }

  /** {@code exp(x) - 1} given {@code u = exp(x)}, when the caller has it already. */
  static double expm1(double x, double u) {
    if (u == 1) {
      return x;
    }
    double um1 = u - 1;
    if (um1 == -1 || u == Double.POSITIVE_INFINITY) {
      return um1;
    }
    return um1 * x / Math.log(u);
  }

  /** {@link #expm1(double, double)} given {@code logU = log(u)} too. */
  static double expm1(double x, double u, double logU) {
    double um1 = u - 1;
    if (u == 1 || um1 == -1 || u == Double.POSITIVE_INFINITY) {
      return u == 1 ? x : um1;
    }
    return um1 * x / logU;
  }

  /** {@link #log1p} given {@code logU = log(1 + x)} (of the rounded sum). */
  static double log1p(double x, double logU) {
    double u = 1 + x;
    if (u == 1) {
      return x;
    }
    if (u == Double.POSITIVE_INFINITY) {
      return Math.log(x);
    }
    return logU * (x / (u - 1));
  }
}
