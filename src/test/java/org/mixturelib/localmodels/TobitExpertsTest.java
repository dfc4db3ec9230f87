package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.ml.JsonParametersAccess;

/**
 * The censored normal experts' maths: log-densities against the normal distribution, the tail
 * of {@code log Φ} against its asymptotic series, the standard errors' derivatives against
 * differences of the log-density, the persisted limits, and the messages on bad rows.
 */
class TobitExpertsTest {
  private static final NormalDistribution STD = new NormalDistribution(0, 1);
  /** Rows [1, x] with labels: observed, at the lower limit 0, at the upper limit 3. */
  private static final double[][] X = {{1, 0.5}, {1, -1.0}, {1, 2.0}, {1, 0.2}, {1, -0.7}};
  private static final double[][] Y = {{1.2}, {0.0}, {3.0}, {2.5}, {0.0}};

  private static Block block(double[][] x, double[][] y) {
    return BlockBuilder.fromArrays(x, y, null, 64).get(0);
  }

  private static TobitExperts twoLimits() {
    TobitExperts t = new TobitExperts(2, 2, 0, 3, NoiseModel.PER_COMPONENT);
    t.setParameters(0, new double[] {0.4, 1.1}, 0.8);
    t.setParameters(1, new double[] {2.0, -0.5}, 1.7);
    return t;
  }

  private static double[] logLikelihoods(TobitExperts t, Block b) {
    double[] out = new double[b.n * t.numExperts()];
    t.newKernel().addLogLikelihood(b, true, out);
    return out;
  }

  @Test
  void logDensitiesAreNormalDensitiesAndTailProbabilities() {
    TobitExperts t = twoLimits();
    Block b = block(X, Y);
    double[] ll = logLikelihoods(t, b);
    for (int e = 0; e < 2; e++) {
      double[] w = t.coefficients(e);
      double s = t.sigmas()[e];
      for (int i = 0; i < X.length; i++) {
        double mu = w[0] + w[1] * X[i][1];
        double y = Y[i][0];
        double want = y == 0 ? Math.log(STD.cumulativeProbability((0 - mu) / s))
            : y == 3 ? Math.log(1 - STD.cumulativeProbability((3 - mu) / s))
            : new NormalDistribution(mu, s).logDensity(y);
        assertEquals(want, ll[i * 2 + e], 1e-12, "row " + i + ", expert " + e);
      }
    }
  }

  @Test
  void theLowerTailStaysAccurate() {
    for (double v : new double[] {-3, -4.99, -5.01, -8, -20}) {
      assertEquals(Math.log(STD.cumulativeProbability(v)), NormalTail.logCdf(v),
          1e-12 * Math.abs(Math.log(STD.cumulativeProbability(v))), "v = " + v);
    }
    for (double v : new double[] {-40, -300}) {
      // log Φ(v) = log φ(v) - log(-v) + log(1 - 1/v² + 3/v⁴ - 15/v⁶ + ...)
      double v2 = v * v;
      double series = -0.5 * v2 - 0.5 * Math.log(2 * Math.PI) - Math.log(-v)
          + Math.log1p(-1 / v2 + 3 / (v2 * v2) - 15 / (v2 * v2 * v2));
      assertEquals(series, NormalTail.logCdf(v), 1e-13 * Math.abs(series), "v = " + v);
      assertEquals(-v, NormalTail.inverseMills(v), 1 / -v, "v = " + v);
    }
    assertEquals(Math.log(STD.cumulativeProbability(1.5)), NormalTail.logCdf(1.5), 1e-15);
  }

  @Test
  void rowDerivativesAreTheDifferencesOfTheLogDensity() {
    Block b = block(X, Y);
    int n = b.n;
    int p = 3;
    for (int e = 0; e < 2; e++) {
      TobitExperts t = twoLimits();
      double[] score = new double[n * p];
      double[] curvature = new double[n * p * (p + 1) / 2];
      t.rowDerivatives(b, e, score, curvature);
      double h = 1e-5;
      for (int j = 0; j < p; j++) {
        double[] up = logLikelihoods(shifted(t, e, j, h), b);
        double[] down = logLikelihoods(shifted(t, e, j, -h), b);
        double[] scoreUp = new double[n * p];
        double[] scoreDown = new double[n * p];
        shifted(t, e, j, h).rowDerivatives(b, e, scoreUp, new double[curvature.length]);
        shifted(t, e, j, -h).rowDerivatives(b, e, scoreDown, new double[curvature.length]);
        for (int i = 0; i < n; i++) {
          assertEquals((up[i * 2 + e] - down[i * 2 + e]) / (2 * h), score[j * n + i], 1e-7,
              "score " + j + ", row " + i + ", expert " + e);
          for (int a = 0; a < p; a++) {
            int lo = Math.min(a, j);
            int hi = Math.max(a, j);
            double want = -(scoreUp[a * n + i] - scoreDown[a * n + i]) / (2 * h);
            assertEquals(want, curvature[i * 6 + hi * (hi + 1) / 2 + lo], 1e-7,
                "curvature (" + a + ", " + j + "), row " + i + ", expert " + e);
          }
        }
      }
    }
  }

  /** A copy with expert e's parameter j (coefficient, or log sigma for j = d) moved by h. */
  private static TobitExperts shifted(TobitExperts t, int e, int j, double h) {
    TobitExperts c = t.copy();
    double[] w = c.coefficients(e);
    double sigma = c.sigmas()[e];
    if (j < w.length) {
      w[j] += h;
    } else {
      sigma *= Math.exp(h);
    }
    c.setParameters(e, w, sigma);
    return c;
  }

  @Test
  void perRowLimitsReplaceTheConstants() {
    List<FamilyColumn> limits = List.of(TobitExperts.limitColumn("lower", "lo"),
        TobitExperts.limitColumn("upper", "hi"));
    // row 0 at its own lower limit 1.2, row 2 observed (upper +Infinity), row 3 at upper 2.5
    double[][] rows = {{1.2, 5}, {0, 5}, {-1, Double.POSITIVE_INFINITY}, {0, 2.5},
        {Double.NEGATIVE_INFINITY, 5}};
    Block b = BlockBuilder.fromArrays(X, Y, null, null, limits, rows, 64).get(0);
    TobitExperts t = twoLimits();
    double[] ll = logLikelihoods(t, b);
    double[] w = t.coefficients(0);
    double s = t.sigmas()[0];
    double[] mu = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      mu[i] = w[0] + w[1] * X[i][1];
    }
    assertEquals(Math.log(STD.cumulativeProbability((1.2 - mu[0]) / s)), ll[0], 1e-12);
    assertEquals(Math.log(STD.cumulativeProbability((0 - mu[1]) / s)), ll[2], 1e-12);
    assertEquals(new NormalDistribution(mu[2], s).logDensity(3.0), ll[4], 1e-12);
    assertEquals(Math.log(1 - STD.cumulativeProbability((2.5 - mu[3]) / s)), ll[6], 1e-12);
    assertEquals(new NormalDistribution(mu[4], s).logDensity(0.0), ll[8], 1e-12);
  }

  @Test
  void badRowsAndSettingsAreRefusedByName() {
    TobitExperts t = new TobitExperts(1, 2, 0, Double.POSITIVE_INFINITY,
        NoiseModel.PER_COMPONENT);
    t.setColumnNames("affairs", null, null);
    Block below = block(new double[][] {{1, 0}, {1, 1}}, new double[][] {{0.5}, {-0.25}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> logLikelihoods(t, below));
    assertEquals("column 'affairs': row 1 is -0.25, below its lower censoring limit 0.0"
        + " (setting 'lower'); a censored value equals its limit", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new TobitExperts(1, 2, 2, 1, NoiseModel.SHARED));
    assertEquals("family 'tobit': setting 'lower' (2.0) must be below setting 'upper' (1.0)",
        e.getMessage());

    TobitExperts named = new TobitExperts(1, 2, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, NoiseModel.PER_COMPONENT);
    named.setColumnNames("y", "lo", null);
    Block crossed = BlockBuilder.fromArrays(new double[][] {{1, 0}}, new double[][] {{0.5}},
        null, null, List.of(TobitExperts.limitColumn("lower", "lo")), new double[][] {{0.7}}, 8)
        .get(0);
    e = assertThrows(IllegalArgumentException.class, () -> logLikelihoods(named, crossed));
    assertTrue(e.getMessage().contains("below its lower censoring limit 0.7 (column 'lo')"),
        e.getMessage());
    Block upside = BlockBuilder.fromArrays(new double[][] {{1, 0}}, new double[][] {{0.5}},
        null, null, List.of(TobitExperts.limitColumn("lower", "lo")), new double[][] {{
        Double.POSITIVE_INFINITY}}, 8).get(0);
    e = assertThrows(IllegalArgumentException.class, () -> logLikelihoods(named, upside));
    assertEquals("row 0: the lower censoring limit Infinity (column 'lo') is not below the"
        + " upper one Infinity (setting 'upper')", e.getMessage());
  }

  @Test
  void theLimitsArePersistedAndChecked() {
    TobitExperts t = twoLimits();
    TobitExperts back = new TobitExperts(2, 2, 0, 3, NoiseModel.PER_COMPONENT);
    JsonParametersAccess.roundTrip(t, back);
    for (int e = 0; e < 2; e++) {
      assertEquals(List.of(t.coefficients(e)[0], t.coefficients(e)[1]),
          List.of(back.coefficients(e)[0], back.coefficients(e)[1]));
      assertEquals(t.sigmas()[e], back.sigmas()[e], 0.0);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JsonParametersAccess.roundTrip(t, new TobitExperts(2, 2, 0,
            Double.POSITIVE_INFINITY, NoiseModel.PER_COMPONENT)));
    assertTrue(e.getMessage().contains("the censoring limits are [0.0, 3.0] but the params give"
        + " [0.0, Infinity]"), e.getMessage());
  }
}
