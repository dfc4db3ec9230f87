package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The constrained noise-variance M-step against closed forms and a brute-force search. */
class VarianceRatioTest {
  /** The expected complete-data log-likelihood's variance part at the variances s. */
  private static double objective(double[] ml, double[] n, double[] s) {
    double f = 0;
    for (int e = 0; e < ml.length; e++) {
      f -= n[e] * (Math.log(s[e]) + ml[e] / s[e]);
    }
    return f;
  }

  @Test
  void feasibleVariancesAreKept() {
    double[] ml = {1.0, 50.0, 3.0};
    assertArrayEquals(ml, VarianceRatio.constrain(ml, new double[] {5, 6, 7}, 50, 0));
    assertArrayEquals(ml, VarianceRatio.constrain(ml, new double[] {5, 6, 7},
        Double.POSITIVE_INFINITY, 0));
  }

  @Test
  void twoComponentsMeetTheClosedForm() {
    // s1 = a, s2 = a R with a = (n1 S1 + n2 S2 / R) / (n1 + n2), the stationary point
    double[] ml = {0.01, 40.0};
    double[] n = {30, 70};
    double r = 100;
    double a = (30 * 0.01 + 70 * 40.0 / r) / 100;
    double[] s = VarianceRatio.constrain(ml, n, r, 0);
    assertEquals(a, s[0], 1e-12 * a);
    assertEquals(a * r, s[1], 1e-12 * a * r);
  }

  @Test
  void matchesABruteForceSearchOverTheConstrainedSet() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int k = 2 + rnd.nextInt(4);
      double[] ml = new double[k];
      double[] n = new double[k];
      for (int e = 0; e < k; e++) {
        ml[e] = Math.exp(8 * rnd.nextGaussian());
        n[e] = 1 + 100 * rnd.nextDouble();
      }
      double r = 1 + 50 * rnd.nextDouble();
      double[] s = VarianceRatio.constrain(ml, n, r, 0);
      double max = Arrays.stream(s).max().getAsDouble();
      double min = Arrays.stream(s).min().getAsDouble();
      assertTrue(max <= r * min * (1 + 1e-12), "ratio " + max / min + " above " + r);
      double best = objective(ml, n, s);
      // every window [a, a R] with a on a fine grid of log a, each S clamped into it (the best
      // variances for that window), does no better
      double lo = Arrays.stream(ml).min().getAsDouble();
      double hi = Arrays.stream(ml).max().getAsDouble();
      for (int g = 0; g <= 2000; g++) {
        double a = Math.exp(Math.log(lo / r) + g * (Math.log(hi) - Math.log(lo / r)) / 2000);
        double[] w = new double[k];
        for (int e = 0; e < k; e++) {
          w[e] = Math.min(Math.max(ml[e], a), a * r);
        }
        assertTrue(objective(ml, n, w) <= best + 1e-9 * Math.abs(best),
            "window at " + a + " beats the result " + Arrays.toString(s));
      }
    }
  }

  @Test
  void theFloorHoldsAndEmptyComponentsArePulledIntoTheWindow() {
    double[] s = VarianceRatio.constrain(new double[] {1e-6, 1.0, 1e9}, new double[] {10, 10,
        0}, 100, 1e-3);
    assertTrue(s[0] >= 1e-3, Arrays.toString(s));
    assertTrue(s[2] <= 100 * s[0] * (1 + 1e-12), Arrays.toString(s));
  }

  @Test
  void aZeroResidualIsWeighedAsZeroNotAsTheFloor() {
    // an expert that fits its rows exactly (S = 0) and one with S = 1, equal weights, R = 100:
    // a = (n 0 + n 1 / R) / 2n, above the floor, whatever the floor below it
    double[] s = VarianceRatio.constrain(new double[] {0, 1}, new double[] {50, 50}, 100, 1e-4);
    assertEquals(0.005, s[0], 1e-15);
    assertEquals(0.5, s[1], 1e-13);
  }

  @Test
  void expertsRejectARatioBelowOne() {
    LinearExperts e = new LinearExperts(2, 1, 1);
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
        () -> e.setMaxVarianceRatio(0.5));
    assertTrue(x.getMessage().contains("maxVarianceRatio"), x.getMessage());
  }
}
