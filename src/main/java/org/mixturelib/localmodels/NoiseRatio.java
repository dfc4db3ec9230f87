package org.mixturelib.localmodels;

/**
 * Experts with one noise variance per component whose M-step keeps the ratio of the largest to
 * the smallest at most a bound that the engine sets ({@code EmConfig.maxVarianceRatio()}):
 * Hathaway's (1985) constraint, which makes the likelihood bounded and removes the spurious
 * maxima where one component shrinks onto a few rows that a line fits almost exactly.
 */
public interface NoiseRatio extends ExpertFamily {
  /** The largest allowed ratio of two components' noise variances (infinite for none). */
  double maxVarianceRatio();

  /**
   * Sets the largest allowed ratio of two components' noise variances.
   *
   * @param ratio at least 1, or {@code Double.POSITIVE_INFINITY} for no constraint
   */
  void setMaxVarianceRatio(double ratio);
}
