package org.mixturelib.localmodels;

/**
 * Experts whose coefficients may be shared between components ({@link CoefficientStructure},
 * flexmix's {@code FLXMRglmfix(fixed, nested)}): what summaries read to show a shared
 * coefficient once.
 */
public interface SharedCoefficientExperts extends LinearPredictors {
  /** Which coefficients the experts share, or null when each has its own. */
  CoefficientStructure coefficientStructure();
}
