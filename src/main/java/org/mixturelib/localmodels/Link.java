package org.mixturelib.localmodels;

/**
 * The link of a family whose experts predict through a linear predictor {@code eta = Wᵀ x}
 * (plus an offset): the mean of the answer is {@code mu = g⁻¹(eta)}.
 */
public enum Link {
  /** {@code mu = eta}. */
  IDENTITY,
  /** {@code mu = exp(eta)}. */
  LOG,
  /** {@code mu = 1 / (1 + exp(-eta))}. */
  LOGIT;

  /** The mean {@code g⁻¹(eta)}. */
  public double mean(double eta) {
    switch (this) {
      case LOG:
        return Math.exp(eta);
      case LOGIT:
        return logistic(eta);
      default:
        return eta;
    }
  }

  /** {@code 1 / (1 + exp(-eta))} without overflow. */
  static double logistic(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }
}
