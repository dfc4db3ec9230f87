package org.mixturelib.localmodels;

import org.mixturelib.data.Block;

/**
 * Experts that give, row by row, the derivatives of each expert's log-likelihood with respect
 * to their maximum-likelihood parameters: what the observed information (and so the standard
 * errors) of a fitted mixture is built from, in one pass, by {@code
 * inference.ObservedInformation}.
 *
 * <p>The family's parameters are laid out in one vector of {@link #numScoreParameters()}
 * entries. Expert e's log-likelihood {@code log f(y_i | x_i, theta_e)} depends on {@link
 * #expertParameters()} of them: its {@code D M} coefficients first, in the layout of {@link
 * #coefficients(int)} (column-major D x M, on the link scale), then its other parameters (a
 * dispersion); {@link #parameterIndex} places each in the family's vector, so that a parameter
 * shared by every expert (a shared noise variance) has one position.
 *
 * <p>What a family must provide (the Gaussian family does, with its noise variance; the GLM
 * families do, for every link, a family with a shape with its parameter: Gamma's dispersion,
 * the negative binomial's theta): the score {@code ∂
 * log f / ∂ theta} and the curvature {@code -∂² log f / ∂ theta ∂ thetaᵀ} of each row under
 * each expert, at the current parameters, which must be maximum-likelihood estimates (no prior); which parameters sit at a
 * bound ({@link #atBound}: a variance held at its floor); and the parameters' names and values.
 * For a GLM with canonical link and linear predictor {@code eta = Wᵀ x + offset}, the score of
 * the coefficients is {@code (y - mu) x / phi} and their curvature {@code (dmu/deta) x xᵀ /
 * phi}; a non-canonical link adds the term in {@code (y - mu)} of the observed (not expected)
 * curvature.
 */
public interface ExpertScores extends LinearPredictors {
  /** Length of the family's parameter vector (all experts, shared parameters once). */
  int numScoreParameters();

  /** Number of parameters each expert's log-likelihood depends on: D M coefficients first. */
  int expertParameters();

  /** Position in the family's vector of expert e's parameter j ({@code j < expertParameters}). */
  int parameterIndex(int e, int j);

  /** Value of the family's parameter p. */
  double parameterValue(int p);

  /**
   * Name of the family's parameter p beyond the coefficients (for instance "variance 2"); the
   * coefficients are named by the caller from the feature names.
   */
  String parameterName(int p);

  /**
   * Whether the family's parameter p is held at a bound (a noise variance at its floor): the
   * likelihood is not stationary there, so the parameter has no standard error and is held
   * fixed for the others'.
   */
  boolean atBound(int p);

  /**
   * Whether the parameters are maximum-likelihood estimates (no prior on any expert), so that
   * the observed information gives their sampling covariance.
   */
  boolean maximumLikelihood();

  /**
   * Expert e's per-row derivatives at the current parameters for the block's rows.
   *
   * @param score column-major {@code n x p} ({@code p = expertParameters()}): row i's {@code ∂
   *     log f(y_i | x_i, theta_e) / ∂ theta_e}
   * @param curvature {@code n x p(p+1)/2}: row i's {@code -∂² log f / ∂ theta_e ∂ theta_eᵀ},
   *     its upper triangle packed by columns (entry (a, c), {@code a <= c}, at {@code i P + c(c
   *     + 1)/2 + a} with {@code P = p(p+1)/2})
   */
  void rowDerivatives(Block b, int e, double[] score, double[] curvature);
}
