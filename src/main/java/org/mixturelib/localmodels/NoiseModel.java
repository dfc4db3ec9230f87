package org.mixturelib.localmodels;

/** How the experts' noise variance is shared. */
public enum NoiseModel {
  /** One variance for all experts (0.4's hyperparameter {@code beta}). */
  SHARED,
  /**
   * One variance per expert (flexmix's Gaussian driver): the maximum-likelihood estimate {@code
   * sigma2_k = Σ_i r_ik E||y_i - W_kᵀ x_i||² / (M Σ_i r_ik)}. flexmix reports instead {@code
   * sigma_k sqrt(N / (N - p))}, with N all the rows and p the number of coefficients, so its
   * log-likelihood sits slightly below the maximum (docs/flexmix.md).
   */
  PER_COMPONENT;

  /** Parses {@code "shared"} or {@code "perComponent"} (case-insensitive). */
  public static NoiseModel parse(String name) {
    if ("shared".equalsIgnoreCase(name)) {
      return SHARED;
    }
    if ("perComponent".equalsIgnoreCase(name)) {
      return PER_COMPONENT;
    }
    throw new IllegalArgumentException("noiseModel must be 'shared' or 'perComponent', got '"
        + name + "'");
  }
}
