package org.mixturelib.localmodels;

import org.mixturelib.data.Block;

/**
 * The per-row derivatives of a Gaussian expert's log-likelihood {@code log N(y | Wᵀ x, sigma2
 * I_M)} in its parameters {@code (W, sigma2)}, W column-major D x M (the maths behind {@link
 * LinearExperts}' {@link ExpertScores}). With residuals {@code e = y - Wᵀ x}:
 *
 * <pre>
 *   score:      ∂/∂W_j = x e_j / sigma2,   ∂/∂sigma2 = ||e||² / (2 sigma2²) - M / (2 sigma2)
 *   curvature:  W_j W_j' : δ_jj' x xᵀ / sigma2,   W_j sigma2 : x e_j / sigma2²,
 *               sigma2 sigma2 : ||e||² / sigma2³ - M / (2 sigma2²)
 * </pre>
 */
final class GaussianScores {
  private GaussianScores() {}

  /**
   * Writes the derivatives of {@link ExpertScores#rowDerivatives} for one expert.
   *
   * @param pred the expert's predictions, column-major n x M
   * @param variance the expert's noise variance
   */
  static void rowDerivatives(Block b, double[] pred, double variance, double[] score,
      double[] curvature) {
    int n = b.n;
    int d = b.d;
    int m = b.m;
    int p = d * m + 1;
    int packed = p * (p + 1) / 2;
    double inv = 1 / variance;
    double inv2 = inv * inv;
    double[] xy = b.xy;
    int last = d * m;
    double[] x = new double[d];
    double[] r = new double[m];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        x[a] = xy[a * n + i];
      }
      double sq = 0;
      for (int j = 0; j < m; j++) {
        double res = xy[(d + j) * n + i] - pred[j * n + i];
        r[j] = res;
        sq += res * res;
        for (int a = 0; a < d; a++) {
          score[(j * d + a) * n + i] = x[a] * res * inv;
        }
      }
      score[last * n + i] = 0.5 * sq * inv2 - 0.5 * m * inv;
      // the packed upper triangle in storage order: column by column, each from its row 0
      int o = i * packed;
      for (int jc = 0; jc < m; jc++) {
        for (int c = 0; c < d; c++) {
          for (int zero = 0; zero < jc * d; zero++) {
            curvature[o++] = 0;
          }
          double xc = x[c] * inv;
          for (int a = 0; a <= c; a++) {
            curvature[o++] = x[a] * xc;
          }
        }
      }
      for (int j = 0; j < m; j++) {
        double rj = r[j] * inv2;
        for (int a = 0; a < d; a++) {
          curvature[o++] = x[a] * rj;
        }
      }
      curvature[o] = sq * inv2 * inv - 0.5 * m * inv2;
    }
  }
}
