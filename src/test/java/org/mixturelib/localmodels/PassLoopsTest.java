package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.linalg.VectorSupport;

/**
 * Both implementations of the pass's hot loops on the same blocks (planted rows, weights with
 * zeros, D from 1 to 139 with odd sizes, several outputs, blocks shorter than one vector, of
 * whole vectors and with a remainder, and wide enough for several tiles of rows): each against
 * the formula row by row, and the two against each other to 1e-12 relative. The test JVM starts
 * with the Vector API (surefire's argLine), so the vector loops are really the ones checked.
 */
class PassLoopsTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(VectorSupport.PROPERTY);
  }

  /** The vector loops, which this JVM must have. */
  private static PassLoops vector() {
    assertTrue(VectorSupport.moduleResolved(), "the tests' JVM starts with --add-modules "
        + VectorSupport.MODULE);
    PassLoops loops = PassLoops.create();
    assertEquals("VectorLoops", loops.getClass().getSimpleName());
    return loops;
  }

  /** Planted rows: x ~ N(0, 3²), y = a linear function of x plus noise, column-major. */
  private static double[] rows(int n, int d, int m, SplittableRandom r) {
    double[] xy = new double[n * (d + m)];
    for (int i = 0; i < n * d; i++) {
      xy[i] = r.nextGaussian() * 3;
    }
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        double y = 0.5 * j - 1;
        for (int c = 0; c < d; c++) {
          y += (c % 3 - 1) * 0.7 * xy[c * n + i];
        }
        xy[(d + j) * n + i] = y + r.nextGaussian();
      }
    }
    return xy;
  }

  private static double[] weights(int n, int k, SplittableRandom r) {
    double[] w = new double[n * k];
    for (int i = 0; i < w.length; i++) {
      w[i] = i % 7 == 0 ? 0.0 : r.nextDouble() * 2;
    }
    return w;
  }

  @ParameterizedTest(name = "K = {0}, D + M = {1}, n = {2}")
  @CsvSource({"1, 1, 1", "1, 1, 37", "4, 1, 4096", "2, 2, 9", "3, 3, 37", "4, 12, 4096",
      "4, 12, 4099", "5, 7, 100", "6, 11, 33", "8, 6, 64", "9, 13, 31", "4, 51, 70",
      "1, 51, 4099", "5, 31, 2051", "2, 140, 40"})
  void momentsAgreeWithEachOtherAndTheFormula(int k, int p, int n) {
    SplittableRandom r = new SplittableRandom(17L * k + p + 1000L * n);
    double[] z = rows(n, p, 0, r);
    double[] w = weights(n, k, r);
    double[] scalar = new double[k * p * p];
    double[] vec = new double[k * p * p];
    new ScalarLoops().addMoments(z, n, p, w, k, scalar);
    vector().addMoments(z, n, p, w, k, vec);
    double[] want = new double[k * p * p];
    double[] scale = new double[k * p * p];
    for (int e = 0; e < k; e++) {
      for (int c = 0; c < p; c++) {
        for (int a = 0; a <= c; a++) {
          for (int i = 0; i < n; i++) {
            double t = w[e * n + i] * z[a * n + i] * z[c * n + i];
            want[e * p * p + c * p + a] += t;
            scale[e * p * p + c * p + a] += Math.abs(t);
          }
        }
      }
    }
    for (int at = 0; at < want.length; at++) {
      // an off-diagonal sum may cancel: relative to the sum of its terms' magnitudes
      double tol = 1e-12 * Math.max(scale[at], Double.MIN_NORMAL);
      String where = "expert " + at / (p * p) + " entry " + at % (p * p);
      assertEquals(want[at], scalar[at], tol, "scalar, " + where);
      assertEquals(want[at], vec[at], tol, "vector, " + where);
      assertEquals(scalar[at], vec[at], tol, "scalar vs vector, " + where);
    }
  }

  @ParameterizedTest(name = "K = {0}, P = {1}, n = {2}")
  @CsvSource({"1, 1, 1", "1, 1, 37", "4, 11, 4096", "4, 11, 4099", "3, 5, 7", "2, 140, 40"})
  void productsAgreeWithEachOtherAndTheFormula(int k, int p, int n) {
    SplittableRandom r = new SplittableRandom(31L * k + p + 1000L * n);
    double[] z = rows(n, p, 0, r);
    double[] w = weights(n, k, r);
    double[] scalar = new double[k * p];
    double[] vec = new double[k * p];
    scalar[0] = 1.5; // added into, not overwritten
    vec[0] = 1.5;
    new ScalarLoops().addProducts(z, n, p, w, k, scalar);
    vector().addProducts(z, n, p, w, k, vec);
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < p; j++) {
        double want = e == 0 && j == 0 ? 1.5 : 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
          want += z[j * n + i] * w[e * n + i];
          scale += Math.abs(z[j * n + i] * w[e * n + i]);
        }
        double tol = 1e-12 * Math.max(scale, 1);
        assertEquals(want, scalar[e * p + j], tol, "scalar, expert " + e + " column " + j);
        assertEquals(want, vec[e * p + j], tol, "vector, expert " + e + " column " + j);
      }
    }
  }

  /** Exponentials and logs of a column's stretch, in place and not, near Math's. */
  @Test
  void expAndLogAgreeWithMaths() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 1037;
    double[] x = new double[n + 10];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 13 == 0 ? r.nextDouble(-745, 709) : r.nextGaussian() * 5;
    }
    x[3] = 0;
    x[4] = -800; // underflows to 0
    x[5] = 800; // overflows to infinity
    for (PassLoops loops : new PassLoops[] {new ScalarLoops(), vector()}) {
      double[] e = new double[x.length];
      loops.exp(x, 5, n, e);
      double[] l = e.clone();
      loops.log(l, 5, n, l);
      for (int i = 0; i < x.length; i++) {
        String what = loops.getClass().getSimpleName() + " x " + x[i];
        if (i < 5 || i >= 5 + n) {
          assertEquals(0.0, e[i], what);
          continue;
        }
        double want = Math.exp(x[i]);
        assertEquals(want, e[i], 4 * Math.ulp(want), "exp, " + what);
        double back = Math.log(e[i]);
        assertEquals(back, l[i], 4 * Math.ulp(back), "log, " + what);
      }
    }
  }

  @ParameterizedTest(name = "K = {0}, D = {1}, M = {2}, n = {3}")
  @CsvSource({"1, 1, 1, 1", "1, 1, 1, 37", "2, 1, 1, 4096", "3, 3, 1, 37", "4, 11, 1, 4096",
      "4, 11, 1, 4099", "5, 7, 1, 100", "3, 4, 2, 33", "2, 5, 3, 64", "9, 13, 1, 31",
      "4, 50, 1, 70"})
  void logDensitiesAgreeWithEachOtherAndTheFormula(int k, int d, int m, int n) {
    SplittableRandom r = new SplittableRandom(23L * k + d + 100L * m + 1000L * n);
    double[] xy = rows(n, d, m, r);
    double[] means = new double[d * k * m];
    for (int i = 0; i < means.length; i++) {
      means[i] = r.nextGaussian();
    }
    double[] variances = new double[k];
    for (int e = 0; e < k; e++) {
      variances[e] = 0.25 + e;
    }
    double[] prior = new double[n * k];
    for (int i = 0; i < prior.length; i++) {
      prior[i] = -r.nextDouble();
    }
    double[] scalar = prior.clone();
    double[] vec = prior.clone();
    new ScalarLoops().addLogDensities(xy, n, d, m, means, variances, k, scalar);
    vector().addLogDensities(xy, n, d, m, means, variances, k, vec);
    for (int i = 0; i < n; i++) {
      for (int e = 0; e < k; e++) {
        double squares = 0;
        for (int j = 0; j < m; j++) {
          double pred = 0;
          for (int c = 0; c < d; c++) {
            pred += xy[c * n + i] * means[(e * m + j) * d + c];
          }
          double res = xy[(d + j) * n + i] - pred;
          squares += res * res;
        }
        double logNorm = -0.5 * m * Math.log(2 * Math.PI * variances[e]);
        double want = prior[i * k + e] + logNorm - squares / (2 * variances[e]);
        double tol = 1e-12 * (Math.abs(prior[i * k + e]) + Math.abs(logNorm)
            + squares / (2 * variances[e]));
        String where = "row " + i + ", expert " + e;
        assertEquals(want, scalar[i * k + e], tol, "scalar, " + where);
        assertEquals(want, vec[i * k + e], tol, "vector, " + where);
        assertEquals(scalar[i * k + e], vec[i * k + e], tol, "scalar vs vector, " + where);
      }
    }
  }

  /** Working arrays reused from a long block to short ones: nothing of the long one remains. */
  @Test
  void vectorLoopsReuseTheirArraysAcrossBlocks() {
    int k = 4;
    int d = 5;
    PassLoops scalar = new ScalarLoops();
    PassLoops vec = vector();
    SplittableRandom r = new SplittableRandom(3);
    double[] momentsS = new double[k * 36];
    double[] momentsV = new double[k * 36];
    for (int n : new int[] {4096, 3, 45, 8}) {
      double[] xy = rows(n, d, 1, r);
      double[] w = weights(n, k, r);
      scalar.addMoments(xy, n, d + 1, w, k, momentsS);
      vec.addMoments(xy, n, d + 1, w, k, momentsV);
      double[] means = new double[d * k];
      for (int i = 0; i < means.length; i++) {
        means[i] = r.nextGaussian();
      }
      double[] variances = {1, 2, 0.5, 3};
      double[] outS = new double[n * k];
      double[] outV = new double[n * k];
      scalar.addLogDensities(xy, n, d, 1, means, variances, k, outS);
      vec.addLogDensities(xy, n, d, 1, means, variances, k, outV);
      for (int i = 0; i < n * k; i++) {
        assertEquals(outS[i], outV[i], 1e-12 * Math.abs(outS[i]), "n = " + n + ", at " + i);
      }
    }
    for (int i = 0; i < momentsS.length; i++) {
      assertEquals(momentsS[i], momentsV[i], 1e-12 * Math.max(1, Math.abs(momentsS[i])),
          "moment " + i);
    }
  }

  @Test
  void thePropertyChoosesTheLoops() {
    System.setProperty(VectorSupport.PROPERTY, "scalar");
    assertInstanceOf(ScalarLoops.class, PassLoops.create());
    assertEquals("scalar", VectorSupport.describe());
    System.setProperty(VectorSupport.PROPERTY, "vector");
    assertEquals("VectorLoops", PassLoops.create().getClass().getSimpleName());
    System.setProperty(VectorSupport.PROPERTY, "auto");
    assertEquals("vector", VectorSupport.describe());
  }
}
