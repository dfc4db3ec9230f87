package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mixturelib.linalg.SpecialFunctions;

/**
 * The negative binomial's sums over a count against the differences of the Gamma function and
 * its derivatives; its density sums to 1 with NB2's mean and variance.
 */
class NegativeBinomialFamilyTest {
  @Test
  void sumsOverACountAreTheGammaFunctionsDifferences() {
    for (double theta : new double[] {1e-3, 0.37, 2.5, 40, 3e6}) {
      for (double y : new double[] {0, 1, 7, 20, 21, 150}) {
        String what = "theta " + theta + ", y " + y;
        double lg = SpecialFunctions.logGamma(y + theta) - SpecialFunctions.logGamma(theta);
        // the difference of two log-gammas of 15 digits each: its own rounding bounds the check
        double rounding = 1e-14 * Math.abs(SpecialFunctions.logGamma(theta));
        assertEquals(lg, NegativeBinomialFamily.logRising(theta, y),
            1e-10 * Math.max(1, Math.abs(lg)) + rounding, what);
        double psi = SpecialFunctions.digamma(y + theta) - SpecialFunctions.digamma(theta);
        assertEquals(psi, NegativeBinomialFamily.digammaRise(theta, y),
            1e-9 * Math.max(1, Math.abs(psi)), what);
        double tri = SpecialFunctions.trigamma(theta) - SpecialFunctions.trigamma(y + theta);
        assertEquals(tri, NegativeBinomialFamily.trigammaFall(theta, y),
            1e-9 * Math.max(1, Math.abs(tri)), what);
      }
    }
  }

  /** The count families' log1p agrees with {@link Math#log1p} to a few ulps, tiny to huge. */
  @Test
  void log1pIsMathsToAFewUlps() {
    for (double x : new double[] {0, 1e-300, 1e-17, 3e-9, 1e-4, 0.37, 1, 2.5, 1e3, 1e17, 1e300,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
      double want = Math.log1p(x);
      assertEquals(want, ExpLog.log1p(x), 4 * Math.ulp(want), "x = " + x);
    }
  }

  /** The log-density sums to 1 over the counts, and its mean and variance are NB2's. */
  @Test
  void theDensityIsNb2s() {
    GlmFamily nb = GlmFamily.NEGBIN;
    double theta = 1.7;
    double mu = 3.2;
    double eta = Math.log(mu);
    double total = 0;
    double mean = 0;
    double second = 0;
    for (int y = 0; y < 400; y++) {
      double p = Math.exp(nb.rowConstant(y, 1)
          + nb.logDensity(y, 1, eta, StandardLink.LOG, theta));
      total += p;
      mean += y * p;
      second += y * y * p;
    }
    assertEquals(1, total, 1e-12);
    assertEquals(mu, mean, 1e-10);
    assertEquals(nb.variance(mu, theta), second - mean * mean, 1e-9);
  }
}
