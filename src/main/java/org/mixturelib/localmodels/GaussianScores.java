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
    int lastCol = last * (last + 1) / 2;
    for (int i = 0; i < n; i++) {
      double sq = 0;
      int at = i * packed;
      for (int j = 0; j < m; j++) {
        double r = xy[(d + j) * n + i] - pred[j * n + i];
        sq += r * r;
        for (int a = 0; a < d; a++) {
          double xa = xy[a * n + i];
          int row = j * d + a;
          score[row * n + i] = xa * r * inv;
          curvature[at + lastCol + row] = xa * r * inv2;
          for (int c = a; c < d; c++) {
            int col = j * d + c;
            curvature[at + col * (col + 1) / 2 + row] = xa * xy[c * n + i] * inv;
          }
        }
        for (int j2 = j + 1; j2 < m; j2++) {
          for (int a = 0; a < d; a++) {
            for (int c = 0; c < d; c++) {
              int col = j2 * d + c;
              curvature[at + col * (col + 1) / 2 + j * d + a] = 0;
            }
          }
        }
      }
      score[last * n + i] = 0.5 * sq * inv2 - 0.5 * m * inv;
      curvature[at + lastCol + last] = sq * inv2 * inv - 0.5 * m * inv2;
    }
  }
}
