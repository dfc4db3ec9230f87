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
}
