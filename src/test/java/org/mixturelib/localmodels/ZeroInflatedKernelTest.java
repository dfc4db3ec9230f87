package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.VectorSupport;

/**
 * The zero-inflated experts' E-step kernel against the definitions row by row, on planted
 * counts with many zeros, K = 3 experts with distinct count and zero-part coefficients, and a
 * zero part of an intercept only (its logistic terms computed once per expert and block) or of
 * an intercept and two columns (every row's own), in blocks of several sizes: the
 * log-densities {@code log(1 - pi) + log f(y)} for {@code y > 0} and {@code log(pi + (1 - pi)
 * f(0))} for a zero, from the count kernel's {@code log f}; the count weights {@code Σ rw (1 -
 * z)}; and the zero part's Newton system {@code Σ rw pi (1 - pi) g gᵀ}, {@code Σ rw (z - pi) g}
 * (rows of zero weight included), to 1e-12 relative; with the densities on the Vector API
 * ({@link ZeroInflatedLoops}) and row by row. The two loops also agree to 1e-14 on extreme
 * predictors and count densities (|eta| and |log f| up to 800, f(0) = 0).
 */
class ZeroInflatedKernelTest {
  private static final int K = 3;
  private static final int D = 3;

  @AfterEach
  void clearProperty() {
    System.clearProperty(VectorSupport.PROPERTY);
  }

  @Test
  void vectorAndScalarDensitiesAgreeOnExtremeValues() {
    assertTrue(VectorSupport.moduleResolved(), "the tests' JVM starts with --add-modules "
        + VectorSupport.MODULE);
    ZeroInflatedLoops vector = ZeroInflatedLoops.create();
    assertEquals("ZeroInflatedVectorLoops", vector.getClass().getSimpleName());
    int n = 203;
    int at = 5;
    SplittableRandom r = new SplittableRandom(11);
    double[] y = new double[n + 2];
    double[] logf = new double[n + at];
    double[] eta = new double[n + at];
    for (int i = 0; i < n; i++) {
      y[2 + i] = i % 3 == 0 ? 0 : i % 7;
      double scale = i % 4 == 0 ? 800 : 5;
      eta[at + i] = (r.nextDouble() * 2 - 1) * scale;
      logf[at + i] = i % 29 == 0 ? Double.NEGATIVE_INFINITY : -r.nextDouble() * scale;
    }
    double[][] s = {new double[n + at], new double[n + at], new double[n + at]};
    double[][] v = {new double[n + at], new double[n + at], new double[n + at]};
    ZeroInflatedLoops.Scalar.INSTANCE.densities(n, y, 2, logf, eta, at, s[0], s[1], s[2]);
    vector.densities(n, y, 2, logf, eta, at, v[0], v[1], v[2]);
    String[] what = {"pi", "zeta", "log-density"};
    for (int a = 0; a < 3; a++) {
      for (int i = at; i < n + at; i++) {
        double e = s[a][i];
        assertEquals(e, v[a][i], Double.isInfinite(e) ? 0 : 1e-14 * Math.max(1, Math.abs(e)),
            what[a] + " of row " + (i - at));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 0, vector", "7, 2, vector", "64, 0, vector", "301, 2, vector", "1, 0, scalar",
      "7, 2, scalar", "64, 0, scalar", "301, 2, scalar"})
  void kernelMatchesTheDefinitions(int n, int zeroColumns, String loops) {
    System.setProperty(VectorSupport.PROPERTY, loops);
    assertEquals(loops, VectorSupport.describe());
    SplittableRandom r = new SplittableRandom(17L * n + zeroColumns);
    double[] xy = new double[n * (D + 1)];
    double[] z = new double[n * zeroColumns];
    for (int i = 0; i < n; i++) {
      xy[i] = 1;
      for (int c = 1; c < D; c++) {
        xy[c * n + i] = r.nextGaussian();
      }
      for (int j = 0; j < zeroColumns; j++) {
        z[j * n + i] = r.nextGaussian();
      }
      xy[D * n + i] = r.nextDouble() < 0.4 ? 0 : r.nextInt(6);
    }
    double[] weights = new double[n];
    Arrays.setAll(weights, i -> 0.5 + r.nextDouble());
    String[] roles = zeroColumns == 0 ? new String[0] : new String[] {"a", "b"};
    Block b = new Block(n, D, 1, xy, weights, 0).withFamilyColumns(roles, z);
    GlmExperts counts = (GlmExperts) ExpertFamilies.create("poisson", K, D, 1,
        FamilySettings.NONE);
    ZeroInflatedExperts zi = new ZeroInflatedExperts(counts, List.of(roles));
    int c = zeroColumns + 1;
    double[] gamma = new double[K * c];
    for (int e = 0; e < K; e++) {
      counts.setCoefficients(e, new double[] {0.3 * e, 0.2, -0.1 * e});
      double[] g = new double[c];
      for (int j = 0; j < c; j++) {
        g[j] = j == 0 ? -1 + 0.7 * e : 0.4 - 0.3 * j + 0.2 * e;
      }
      zi.setZeroCoefficients(e, g);
      System.arraycopy(g, 0, gamma, e * c, c);
    }
    double[] logf = new double[n * K];
    counts.newKernel().addLogLikelihood(b, true, logf);
    double[] rw = new double[n * K];
    for (int i = 0; i < rw.length; i++) {
      rw[i] = i % 5 == 0 ? 0 : r.nextDouble();
    }

    ExpertKernel kernel = zi.newKernel();
    System.clearProperty(VectorSupport.PROPERTY);
    double[] out = new double[n * K];
    kernel.addLogLikelihood(b, true, out);
    ZeroStatistics stats = (ZeroStatistics) zi.newStatistics();
    kernel.addStatistics(b, rw, stats);

    double[] countWeights = new double[K];
    double[] information = new double[K * c * c];
    double[] gradient = new double[K * c];
    for (int i = 0; i < n; i++) {
      double[] g = new double[c];
      g[0] = 1;
      for (int j = 1; j < c; j++) {
        g[j] = z[(j - 1) * n + i];
      }
      for (int e = 0; e < K; e++) {
        double eta = 0;
        for (int j = 0; j < c; j++) {
          eta += gamma[e * c + j] * g[j];
        }
        double pi = 1 / (1 + Math.exp(-eta));
        double f = Math.exp(logf[i * K + e]);
        double y = xy[D * n + i];
        double density = y == 0 ? pi + (1 - pi) * f : (1 - pi) * f;
        double zeta = y == 0 ? pi / density : 0;
        assertEquals(Math.log(density), out[i * K + e], 1e-12 * Math.abs(Math.log(density)),
            "log-density of row " + i + ", expert " + e);
        double w = rw[e * n + i];
        countWeights[e] += w * (1 - zeta);
        for (int a = 0; a < c; a++) {
          gradient[e * c + a] += w * (zeta - pi) * g[a];
          for (int bb = 0; bb < c; bb++) {
            information[e * c * c + a * c + bb] += w * pi * (1 - pi) * g[a] * g[bb];
          }
        }
      }
    }
    assertClose(countWeights, stats.countWeights, "count weights");
    assertClose(information, stats.information, "zero part's information");
    assertClose(gradient, stats.gradient, "zero part's gradient");
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], 1e-12 * Math.max(1, scale), what + " " + j);
    }
  }
}
