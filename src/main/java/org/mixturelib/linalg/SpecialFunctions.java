package org.mixturelib.linalg;

/**
 * The log-gamma function and its first two derivatives, for the normalising constants of
 * count and Gamma likelihoods ({@code log y!}, {@code log C(n, y)}, {@code log Γ(ν)}) and the
 * Gamma shape's M-step.
 */
public final class SpecialFunctions {
  /** Lanczos coefficients for g = 7, nine terms (relative error about 1e-15). */
  private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851,
      -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  /** {@code log k!} for small k, summed exactly once. */
  private static final double[] LOG_FACTORIAL = new double[1024];

  static {
    for (int i = 2; i < LOG_FACTORIAL.length; i++) {
      LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
    }
  }

  private SpecialFunctions() {}

  /** {@code log Γ(x)} for {@code x > 0}. */
  public static double logGamma(double x) {
    if (x < 0.5) {
      // reflection: Γ(x) Γ(1 - x) = π / sin(π x)
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** {@code log y!} for {@code y >= 0} (from a table for integers below 1024). */
  public static double logFactorial(double y) {
    int i = (int) y;
    return i == y && i < LOG_FACTORIAL.length ? LOG_FACTORIAL[i] : logGamma(y + 1);
  }

  /** {@code log C(n, y)} for {@code 0 <= y <= n}. */
  public static double logChoose(double n, double y) {
    return logFactorial(n) - logFactorial(y) - logFactorial(n - y);
  }

  /** The digamma function {@code ψ(x) = d log Γ(x) / dx} for {@code x > 0}. */
  public static double digamma(double x) {
    double shift = 0;
    while (x < 10) {
      shift -= 1 / x;
      x += 1;
    }
    double f = 1 / (x * x);
    return shift + Math.log(x) - 0.5 / x
        - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
  }

  /** The trigamma function {@code ψ'(x)} for {@code x > 0}. */
  public static double trigamma(double x) {
    double shift = 0;
    while (x < 10) {
      shift += 1 / (x * x);
      x += 1;
    }
    double f = 1 / (x * x);
    return shift + 1 / x + f / 2
        + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
  }
}
