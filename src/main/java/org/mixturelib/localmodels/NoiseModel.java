package org.mixturelib.localmodels;

/** How the experts' noise variance is shared. */
public enum NoiseModel {
  /** One variance for all experts (0.4's hyperparameter {@code beta}). */
  SHARED,
  /** One variance per expert (flexmix's Gaussian driver). */
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
