package org.mixturelib.localmodels;

import java.util.Locale;
import org.apache.commons.math3.special.Erf;

/**
 * The library's links, each its own g, inverse and derivatives. As R's {@code make.link}, the
 * inverses of the links onto probabilities keep the mean within {@code [eps, 1 - eps]} and the
 * derivatives at least eps (eps the machine epsilon), so that IRLS weights stay finite where the
 * fitted means reach 0 or 1; {@link #logMean} and {@link #logOneMinusMean} are exact, for the
 * log-densities.
 */
public enum StandardLink implements Link {
  /** {@code mu = eta}. */
  IDENTITY {
    @Override
    public double link(double mu) {
      return mu;
    }

    @Override
    public double mean(double eta) {
      return eta;
    }

    @Override
    public double meanDerivative(double eta) {
      return 1;
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return 0;
    }
  },
  /** {@code mu = exp(eta)}. */
  LOG {
    @Override
    public double link(double mu) {
      return Math.log(mu);
    }

    @Override
    public double mean(double eta) {
      return Math.max(Math.exp(eta), EPS);
    }

    @Override
    public double meanDerivative(double eta) {
      return Math.max(Math.exp(eta), EPS);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return Math.exp(eta);
    }

    @Override
    public double logMean(double eta) {
      return eta;
    }

    @Override
    public double logOneMinusMean(double eta) {
      return eta < -0.693 ? Math.log1p(-Math.exp(eta)) : Math.log(-Math.expm1(eta));
    }
  },
  /** {@code mu = 1 / (1 + exp(-eta))}, the binomial's canonical link. */
  LOGIT {
    @Override
    public double link(double mu) {
      return Math.log(mu / (1 - mu));
    }

    @Override
    public double mean(double eta) {
      return within(logistic(eta));
    }

    @Override
    public double meanDerivative(double eta) {
      double e = Math.exp(-Math.abs(eta));
      return Math.max(e / ((1 + e) * (1 + e)), EPS);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      double p = logistic(eta);
      return p * (1 - p) * (1 - 2 * p);
    }

    @Override
    public double logMean(double eta) {
      return -log1pExp(-eta);
    }

    @Override
    public double logOneMinusMean(double eta) {
      return -log1pExp(eta);
    }
  },
  /** {@code mu = Φ(eta)}, the standard normal distribution function. */
  PROBIT {
    @Override
    public double link(double mu) {
      return Math.sqrt(2) * Erf.erfInv(2 * mu - 1);
    }

    @Override
    public double mean(double eta) {
      return within(NormalTail.cdf(eta));
    }

    @Override
    public double meanDerivative(double eta) {
      return Math.max(normalDensity(eta), EPS);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return -eta * normalDensity(eta);
    }

    @Override
    public double logMean(double eta) {
      return NormalTail.logCdf(eta);
    }

    @Override
    public double logOneMinusMean(double eta) {
      return NormalTail.logCdf(-eta);
    }
  },
  /** {@code mu = 1 - exp(-exp(eta))}, the complementary log-log link. */
  CLOGLOG {
    @Override
    public double link(double mu) {
      return Math.log(-Math.log1p(-mu));
    }

    @Override
    public double mean(double eta) {
      return within(-Math.expm1(-Math.exp(eta)));
    }

    @Override
    public double meanDerivative(double eta) {
      return Math.max(Math.exp(eta - Math.exp(eta)), EPS);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return Math.exp(eta - Math.exp(eta)) * (1 - Math.exp(eta));
    }

    @Override
    public double logMean(double eta) {
      double m = -Math.expm1(-Math.exp(eta));
      return Math.log(m);
    }

    @Override
    public double logOneMinusMean(double eta) {
      return -Math.exp(eta);
    }
  },
  /** {@code mu = eta²}: {@code eta = sqrt(mu)}. */
  SQRT {
    @Override
    public double link(double mu) {
      return Math.sqrt(mu);
    }

    @Override
    public double mean(double eta) {
      return eta * eta;
    }

    @Override
    public double meanDerivative(double eta) {
      return 2 * eta;
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return 2;
    }
  },
  /** {@code mu = 1 / eta}, the Gamma's canonical link. */
  INVERSE {
    @Override
    public double link(double mu) {
      return 1 / mu;
    }

    @Override
    public double mean(double eta) {
      return 1 / eta;
    }

    @Override
    public double meanDerivative(double eta) {
      return -1 / (eta * eta);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return 2 / (eta * eta * eta);
    }
  };

  /** The machine epsilon, R's {@code .Machine$double.eps}. */
  static final double EPS = Math.ulp(1.0);

  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

  /** The id the {@code link} param takes: the constant's name in lower case. */
  @Override
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A probability kept within {@code [eps, 1 - eps]}. */
  private static double within(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  /** {@code 1 / (1 + exp(-eta))} without overflow. */
  static double logistic(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }

  /** {@code log(1 + exp(x))} without overflow. */
  static double log1pExp(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  private static double normalDensity(double x) {
    return Math.exp(-0.5 * x * x) / SQRT_2PI;
  }
}
