package org.mixturelib.localmodels;

import org.mixturelib.linalg.SpecialFunctions;

/**
 * The density of a background noise component ({@link NoiseExperts}), as flexmix's {@code
 * FLXMRrobglm} fixes it from the complete data (its default {@code bgw = FALSE}): it depends on
 * neither the features nor the fit, only on the answer's weighted mean and variance over every
 * row.
 */
enum Background {
  /**
   * Continuous answers: a normal density at the answer's mean and variance ({@code cov.wt}'s
   * unbiased variance, as flexmix), wide enough to give gross outliers more density than any
   * regression component.
   */
  NORMAL {
    @Override
    double mean(double yMean, double yVariance) {
      return yMean;
    }

    @Override
    double variance(double yMean, double yVariance) {
      return yVariance;
    }

    @Override
    double dispersion(double variance) {
      return variance;
    }

    @Override
    double logDensity(double y, double mean, double variance) {
      double r = y - mean;
      return -0.5 * (Math.log(2 * Math.PI * variance) + r * r / variance);
    }
  },
  /** Counts: a Poisson density at three times the answer's mean (flexmix's choice). */
  POISSON {
    @Override
    double mean(double yMean, double yVariance) {
      return 3 * yMean;
    }

    @Override
    double variance(double yMean, double yVariance) {
      return 3 * yMean;
    }

    @Override
    double dispersion(double variance) {
      return 1;
    }

    @Override
    double logDensity(double y, double mean, double variance) {
      return y * Math.log(mean) - mean - SpecialFunctions.logFactorial(y);
    }
  };

  /** The background's mean from the answer's weighted mean and variance. */
  abstract double mean(double yMean, double yVariance);

  /** The background's variance from the answer's weighted mean and variance. */
  abstract double variance(double yMean, double yVariance);

  /** What {@link LinearPredictors#dispersions} reports for it: the variance, or 1. */
  abstract double dispersion(double variance);

  /** {@code log p(y)} under the background with that mean and variance. */
  abstract double logDensity(double y, double mean, double variance);

  /**
   * The background for the experts of a family, or null when it has none: normal for the
   * Gaussian family, Poisson for the count families (flexmix's {@code FLXMRrobglm} has these
   * two).
   */
  static Background of(String typeId) {
    return switch (typeId) {
      case "gaussian" -> NORMAL;
      case "poisson", "negbin", "zipoisson", "zinegbin" -> POISSON;
      default -> null;
    };
  }
}
