package org.mixturelib.linalg;

import org.apache.commons.math3.special.Gamma;

/** Special functions and numerically safe reductions. */
public final class Special {
  private Special() {}

  /** Digamma function psi(x). */
  public static double digamma(double x) {
    return Gamma.digamma(x);
  }

  /** log Gamma(x). */
  public static double logGamma(double x) {
    return Gamma.logGamma(x);
  }

  /**
   * log sum_j exp(v[off + j]) for j in [0, len), safe for large and -infinite entries.
   * Returns -infinity when every entry is -infinity.
   */
  public static double logSumExp(double[] v, int off, int len) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      max = Math.max(max, v[off + j]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (int j = 0; j < len; j++) {
      s += Math.exp(v[off + j] - max);
    }
    return max + Math.log(s);
  }
}
