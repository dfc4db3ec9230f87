package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * EachModelLinear against textbook formulas computed directly here with plain loops: the
 * weighted Bayesian linear regression posterior, the expected log-likelihood and the beta
 * update.
 */
class EachModelLinearClosedFormTest {
  private static final int N = 40;
  private static final int D = 3;
  private final double[][] x = new double[N][D];
  private final double[][] y = new double[N][1];
  private final double[][] z = new double[N][1];
  private final double[] a = {2.0, 0.5, 1.5};
  private final double[] w0 = {0.3, -0.2, 0.1};
  private final double beta = 0.7;

  EachModelLinearClosedFormTest() {
    Random r = new Random(3);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i][0] = x[i][0] - 2 * x[i][1] + 0.5 * x[i][2] + 0.4 * r.nextGaussian();
      z[i][0] = r.nextDouble();
    }
  }

  /** Gauss-Jordan inverse, independent of the library's Cholesky path. */
  private static double[][] inverse(double[][] m) {
    int n = m.length;
    double[][] aug = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, aug[i], 0, n);
      aug[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      double p = aug[c][c];
      for (int j = 0; j < 2 * n; j++) {
        aug[c][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = aug[r][c];
          for (int j = 0; j < 2 * n; j++) {
            aug[r][j] -= f * aug[c][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(aug[i], n, inv[i], 0, n);
    }
    return inv;
  }

  private double[][] textbookCovariance() {
    double[][] precision = new double[D][D];
    for (int j = 0; j < D; j++) {
      precision[j][j] = 1 / a[j];
    }
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < D; p++) {
        for (int q = 0; q < D; q++) {
          precision[p][q] += z[i][0] * x[i][p] * x[i][q] / beta;
        }
      }
    }
    return inverse(precision);
  }

  private double[] textbookMean(double[][] b) {
    double[] rhs = new double[D];
    for (int j = 0; j < D; j++) {
      rhs[j] = w0[j] / a[j];
    }
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        rhs[j] += z[i][0] * x[i][j] * y[i][0] / beta;
      }
    }
    double[] m = new double[D];
    for (int p = 0; p < D; p++) {
      for (int q = 0; q < D; q++) {
        m[p] += b[p][q] * rhs[q];
      }
    }
    return m;
  }

  private EachModelLinear fitted() {
    EachModelLinear model = new EachModelLinear(D, a, w0);
    model.eStep(x, y, z, HyperParameters.of("beta", beta));
    return model;
  }

  @Test
  void posteriorIsTheWeightedBayesianRegressionPosterior() {
    EachModelLinear model = fitted();
    double[][] b = textbookCovariance();
    double[] m = textbookMean(b);
    for (int p = 0; p < D; p++) {
      assertEquals(m[p], model.W()[p][0], 1e-12, "m[" + p + "]");
      for (int q = 0; q < D; q++) {
        assertEquals(b[p][q], model.B()[p][q], 1e-12, "B[" + p + "][" + q + "]");
      }
    }
  }

  @Test
  void expectedLogLikelihoodAndBetaUpdateMatchADirectComputation() {
    EachModelLinear model = fitted();
    double[][] b = model.B();
    double[][] w = model.W();
    double[] ell = model.logLikelihoodExpectation(x, y, HyperParameters.of("beta", beta));
    double residualSum = 0;
    for (int i = 0; i < N; i++) {
      double mean = 0;
      double quad = 0;
      for (int p = 0; p < D; p++) {
        mean += x[i][p] * w[p][0];
        for (int q = 0; q < D; q++) {
          quad += x[i][p] * b[p][q] * x[i][q];
        }
      }
      double expectedSq = Math.pow(y[i][0] - mean, 2) + quad;
      double direct = -0.5 * Math.log(2 * Math.PI * beta) - expectedSq / (2 * beta);
      assertEquals(direct, ell[i], 1e-12, "row " + i);
      residualSum += z[i][0] * expectedSq;
    }
    double part = model.optimizeHyperParameters(x, y, z, HyperParameters.of("beta", beta),
        "beta");
    assertEquals(residualSum / N, part, 1e-12);
  }

  @Test
  void evidenceUpdateSetsThePriorToThePosterior() {
    EachModelLinear model = fitted();
    double[][] m = model.W();
    double[][] b = model.B();
    model.mStep(x, y, z, HyperParameters.of("beta", beta));
    for (int p = 0; p < D; p++) {
      assertEquals(m[p][0], model.w0()[p][0], 1e-12);
      assertEquals(b[p][p], model.A()[p][p], 1e-10, "diagonal prior keeps B's diagonal");
      for (int q = 0; q < D; q++) {
        if (p != q) {
          assertEquals(0.0, model.A()[p][q], 1e-12, "diagonal prior stays diagonal");
        }
      }
    }
  }

  @Test
  void withoutAPriorTheFitIsWeightedLeastSquares() {
    EachModelLinear model = new EachModelLinear(D);
    model.eStep(x, y, z, HyperParameters.of("beta", beta));
    double[][] xtx = new double[D][D];
    double[] xty = new double[D];
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < D; p++) {
        xty[p] += z[i][0] * x[i][p] * y[i][0];
        for (int q = 0; q < D; q++) {
          xtx[p][q] += z[i][0] * x[i][p] * x[i][q];
        }
      }
    }
    double[][] inv = inverse(xtx);
    for (int p = 0; p < D; p++) {
      double wp = 0;
      for (int q = 0; q < D; q++) {
        wp += inv[p][q] * xty[q];
      }
      assertEquals(wp, model.W()[p][0], 1e-12);
    }
  }
}
