package org.mixturelib.localmodels;

import org.mixturelib.linalg.SpecialFunctions;

/**
 * A GLM family of counts {@code y = 0, 1, 2, ...} (Poisson, negative binomial): what their
 * labels must be, their start and the {@code -log y!} term of their log-density, written once.
 */
interface CountFamily extends GlmFamily {
  @Override
  default boolean admits(double label, double trials) {
    return GlmFamily.wholeAtLeast(label, 0);
  }

  @Override
  default String labelRule() {
    return "counts (integers >= 0)";
  }

  @Override
  default double startMean(double label, double trials) {
    return label + 0.1;
  }

  @Override
  default double rowConstant(double label, double trials) {
    return -SpecialFunctions.logFactorial(label);
  }

  /**
   * {@code log(1 + x)} for {@code x >= 0} to a few ulps with the intrinsic {@link Math#log}
   * (Goldberg's correction of {@code log(u)}, {@code u = 1 + x}, by {@code x / (u - 1)}): several
   * times cheaper than {@link Math#log1p}, for the per-row terms of the count families and their
   * zero parts.
   */
  static double log1p(double x) {
    double u = 1 + x;
    if (u == 1) {
      return x;
    }
    return u < Double.POSITIVE_INFINITY ? Math.log(u) * (x / (u - 1)) : Math.log1p(x);
  }
}
