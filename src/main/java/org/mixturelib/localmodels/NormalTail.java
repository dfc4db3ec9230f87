package org.mixturelib.localmodels;

import org.apache.commons.math3.special.Erf;

/**
 * The standard normal distribution function on the log scale and its inverse Mills ratio,
 * accurate far into the lower tail: {@code log Φ(v)} and {@code λ(v) = φ(v) / Φ(v)}. Below
 * {@link #TAIL}, {@code Φ(v) = φ(v) R(-v)} with Mills' ratio {@code R(x) = (1 - Φ(x)) / φ(x)}
 * from its continued fraction (Lentz's method), so that neither underflows; above it, from
 * {@code erfc}.
 */
final class NormalTail {
  /** Where the continued fraction takes over from {@code erfc}. */
  static final double TAIL = -5;
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SQRT_HALF = Math.sqrt(0.5);

  private NormalTail() {}

  /** {@code log φ(v)}. */
  static double logDensity(double v) {
    return -0.5 * v * v - HALF_LOG_TWO_PI;
  }

  /** {@code log Φ(v)}. */
  static double logCdf(double v) {
    if (v < TAIL) {
      return logDensity(v) + Math.log(millsRatio(-v));
    }
    return Math.log(0.5 * Erf.erfc(-v * SQRT_HALF));
  }

  /**
   * {@code log Φ(v)}, writing {@code φ(v) / Φ(v)} into {@code mills[at]} on the way: one
   * evaluation of the tail for both.
   */
  static double logCdf(double v, double[] mills, int at) {
    if (v < TAIL) {
      double r = millsRatio(-v);
      mills[at] = 1 / r;
      return logDensity(v) + Math.log(r);
    }
    double cdf = 0.5 * Erf.erfc(-v * SQRT_HALF);
    mills[at] = Math.exp(logDensity(v)) / cdf;
    return Math.log(cdf);
  }

  /** {@code φ(v) / Φ(v)}, the inverse Mills ratio ({@code ≈ -v} far in the lower tail). */
  static double inverseMills(double v) {
    if (v < TAIL) {
      return 1 / millsRatio(-v);
    }
    return Math.exp(logDensity(v)) / (0.5 * Erf.erfc(-v * SQRT_HALF));
  }

  /**
   * Mills' ratio {@code R(x) = (1 - Φ(x)) / φ(x)} for {@code x > 4}: the continued fraction
   * {@code 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...))))}.
   */
  static double millsRatio(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int j = 1; j < 500; j++) {
      d = x + j * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + j / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return 1 / f;
  }
}
