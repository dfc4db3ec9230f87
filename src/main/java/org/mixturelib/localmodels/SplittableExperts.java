package org.mixturelib.localmodels;

/**
 * Linear experts with Gaussian noise that the engine can split in two along the direction in
 * which the log-likelihood rises fastest (leaving a saddle of two near-identical experts,
 * re-seeding a degenerate component): the parameters that {@code ComponentSplits} reads and
 * moves.
 */
public interface SplittableExperts extends LinearPredictors {
  /** Sets expert e's coefficients (column-major D x M) and clears its covariance. */
  void setCoefficients(int e, double[] w);

  /** Sets expert e's noise variance. */
  void setNoiseVariance(int e, double variance);

  /** Whether each expert has its own noise variance (the split then moves it too). */
  boolean perExpertNoise();

  /**
   * {@code Σ_k Σ_i w_i r_ik x_i x_iᵀ} (column-major D x D) from the statistics of one pass: the
   * weighted second moment of the features over all rows.
   */
  double[] pooledSecondMoment(ExpertStatistics stats);

  @Override
  SplittableExperts copy();
}
