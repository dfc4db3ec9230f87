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

    /** One {@code exp} per row: the mean is its own derivative. */
    @Override
    public void means(double[] eta, int from, int n, double[] mean, double[] derivative) {
      for (int i = from; i < from + n; i++) {
        double m = Math.max(Math.exp(eta[i]), EPS);
        mean[i] = m;
        derivative[i] = m;
      }
    }

    @Override
    public double logMean(double eta) {
      return eta;
    }

    @Override
    public double logOneMinusMean(double eta) {
      double e = Math.exp(eta);
      return eta < -0.693 ? ExpLog.log1p(-e) : Math.log(-ExpLog.expm1(eta, e));
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

    /** One {@code exp(-|eta|)} per row for both. */
    @Override
    public void means(double[] eta, int from, int n, double[] mean, double[] derivative) {
      for (int i = from; i < from + n; i++) {
        double e = Math.exp(-Math.abs(eta[i]));
        double onePlus = 1 + e;
        mean[i] = within(eta[i] >= 0 ? 1 / onePlus : e / onePlus);
        derivative[i] = Math.max(e / (onePlus * onePlus), EPS);
      }
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

    /** One evaluation of the normal tail per row for both. */
    @Override
    public void means(double[] eta, int from, int n, double[] mean, double[] derivative) {
      for (int i = from; i < from + n; i++) {
        mean[i] = within(NormalTail.cdf(eta[i], derivative, i));
        derivative[i] = Math.max(derivative[i], EPS);
      }
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
      return within(complementOfExpOfExp(Math.exp(eta)));
    }

    @Override
    public double meanDerivative(double eta) {
      return Math.max(Math.exp(eta - Math.exp(eta)), EPS);
    }

    @Override
    public double meanSecondDerivative(double eta) {
      return Math.exp(eta - Math.exp(eta)) * (1 - Math.exp(eta));
    }

    /**
     * Two {@code exp} per row: {@code e = exp(eta)} and {@code q = exp(-e)}, the mean {@code 1 -
     * q} (by {@link ExpLog#expm1}) and the derivative {@code e q}.
     */
    @Override
    public void means(double[] eta, int from, int n, double[] mean, double[] derivative) {
      for (int i = from; i < from + n; i++) {
        double e = Math.exp(eta[i]);
        double q = Math.exp(-e);
        mean[i] = within(complementOf(e, q));
        double d = e * q;
        derivative[i] = d > EPS ? d : EPS; // e q is NaN where e overflows: the derivative is 0
      }
    }

    @Override
    public double logMean(double eta) {
      return Math.log(complementOfExpOfExp(Math.exp(eta)));
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
  static double within(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  /** {@code 1 / (1 + exp(-eta))} without overflow. */
  static double logistic(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }

  /** {@code log(1 + exp(x))} without overflow. */
  static double log1pExp(double x) {
    return x > 0 ? x + ExpLog.log1p(Math.exp(-x)) : ExpLog.log1p(Math.exp(x));
  }

  /** {@code 1 - exp(-e)}, the complementary log-log link's mean at {@code e = exp(eta)}. */
  private static double complementOfExpOfExp(double e) {
    return complementOf(e, Math.exp(-e));
  }

  /**
   * {@code 1 - q} for {@code q = exp(-e)}: the subtraction itself where {@code q <= 3/4} (then
   * {@code 1 - q >= 1/4} and q's rounding is at most 3.3e-16 of it), {@link ExpLog#expm1}
   * (one log) above.
   */
  static double complementOf(double e, double q) {
    return q <= 0.75 ? 1 - q : -ExpLog.expm1(-e, q);
  }

  /** {@link #complementOf(double, double)} given {@code logQ = log(q)} too. */
  static double complementOf(double e, double q, double logQ) {
    return q <= 0.75 ? 1 - q : -ExpLog.expm1(-e, q, logQ);
  }

  private static double normalDensity(double x) {
    return Math.exp(-0.5 * x * x) / SQRT_2PI;
  }
}
