package org.mixturelib.localmodels;

/**
 * Experts whose coefficients may be shared between components ({@link CoefficientStructure},
 * flexmix's {@code FLXMRglmfix(fixed, nested)}): what the Spark ML params fixedFeatures and
 * nestedFeatures set, and what summaries read to show a shared coefficient once. A family of
 * one's own with a weighted least-squares M-step gains shared coefficients by implementing it.
 */
public interface SharedCoefficientExperts extends LinearPredictors {
  /** Which coefficients the experts share, or null when each has its own. */
  CoefficientStructure coefficientStructure();

  /**
   * Shares coefficients between the experts: the M-step then maximises over the coefficients
   * the structure leaves free ({@link CoefficientStructure#solve} around the family's weighted
   * least-squares solve), the number of free parameters and the score layout follow it.
   *
   * @param structure the structure of these K experts over these D coefficients, or null
   * @throws IllegalArgumentException when its sizes differ or the experts cannot take it
   */
  void setCoefficientStructure(CoefficientStructure structure);
}
