package org.mixturelib.localmodels;

/**
 * Experts that may carry a Gaussian prior {@code W_k ~ N(w0_k, A_k)} on their coefficients and
 * keep a variational posterior: the engine's evidence updates and the regularizers (which
 * couple the prior means) work through this view.
 */
public interface BayesianExperts extends LinearPredictors {
  /** Whether expert e has a prior (and so a variational posterior). */
  boolean hasPrior(int e);

  /** Expert e's prior mean w0 (column-major D x M), or null without a prior. */
  double[] priorMean(int e);

  /** Expert e's prior precision A⁻¹ (column-major D x D), or null without a prior. */
  double[] priorPrecision(int e);

  /** Replaces expert e's prior mean (used by the regularizers). */
  void setPriorMean(int e, double[] mean);

  /** The evidence update of the prior means (when the family's settings enable it). */
  void updatePriorMeans();

  /** The evidence update of the prior covariances (when the family's settings enable it). */
  void updatePriorCovariances();
}
