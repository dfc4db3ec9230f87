package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The elastic net's screened statistics ({@link ElasticNet#solve}): on one weighted planted
 * system (400 rows, 40 features of which 4 matter, an intercept), a solve from the columns of a
 * screened set that holds every feature the whole matrix's solve moves gives that solve's
 * coefficients and λ bit for bit and says it is complete; from an empty set it says it is not,
 * and following the screened sets it proposes reaches the whole matrix's answer, for a given λ
 * and for λ chosen on the path, lasso and elastic net.
 */
class ElasticNetScreeningTest {
  private static final int N = 400;
  private static final int P = 40;
  private static final int D = P + 1;

  /** The system's statistics: columns of every feature, rhs, sums, squares, Σ w x. */
  private static final class Planted {
    final double[] h = new double[D * D];
    final double[] rhs = new double[D];
    final double[] sums = new double[D];
    final double[] squares = new double[D];
    final double[] qSums = new double[D];
    double n;

    Planted() {
      Random r = new Random(41);
      for (int i = 0; i < N; i++) {
        double[] x = new double[D];
        for (int j = 0; j < P; j++) {
          x[j] = r.nextGaussian() * (j == 3 ? 4 : 1);
        }
        x[P] = 1;
        double y = 0.5 + x[0] - 0.7 * x[5] + 0.2 * x[3] + 0.4 * x[17] + r.nextGaussian();
        double w = 0.2 + r.nextDouble();
        n += w;
        for (int c = 0; c < D; c++) {
          rhs[c] += w * y * x[c];
          sums[c] += w * x[c];
          squares[c] += w * x[c] * x[c];
          qSums[c] += w * x[c];
          for (int j = 0; j < D; j++) {
            h[c * D + j] += w * x[c] * x[j];
          }
        }
      }
    }

    ElasticNet.Step solve(ElasticNet net, int[] screened) {
      double[] columns = new double[D * screened.length];
      for (int m = 0; m < screened.length; m++) {
        System.arraycopy(h, screened[m] * D, columns, m * D, D);
      }
      return net.solve(columns, screened, qSums, rhs, D, n, sums, squares, 1.0, new double[D]);
    }
  }

  private static void check(ElasticNet net) {
    Planted s = new Planted();
    ElasticNet.Step whole = s.solve(net, IntStream.range(0, D).toArray());
    assertTrue(whole.complete());
    int nonzero = (int) Arrays.stream(whole.coefficients()).filter(b -> b != 0).count();
    assertTrue(nonzero > 2 && nonzero < D, "nonzero " + nonzero);

    ElasticNet.Step moved = s.solve(net, whole.screen());
    assertTrue(moved.complete());
    assertArrayEquals(whole.coefficients(), moved.coefficients());
    assertEquals(whole.lambda(), moved.lambda());
    assertTrue(whole.screen().length < P, "screened " + whole.screen().length);

    ElasticNet.Step step = s.solve(net, new int[0]);
    assertFalse(step.complete());
    int rounds = 1;
    while (!step.complete() && rounds < P) {
      step = s.solve(net, step.screen());
      rounds++;
    }
    assertTrue(step.complete(), "screening did not settle in " + rounds + " rounds");
    assertArrayEquals(whole.coefficients(), step.coefficients());
    assertEquals(whole.lambda(), step.lambda());
  }

  @Test
  void givenLambdaLasso() {
    check(ElasticNet.of(1, 0.05));
  }

  @Test
  void givenLambdaElasticNet() {
    check(ElasticNet.of(0.5, 0.08));
  }

  @Test
  void chosenLambdaLasso() {
    check(ElasticNet.of(1, Double.NaN));
  }

  @Test
  void chosenLambdaElasticNet() {
    check(ElasticNet.of(0.5, Double.NaN));
  }
}
