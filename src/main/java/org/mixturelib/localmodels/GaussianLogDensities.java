package org.mixturelib.localmodels;

import java.util.Arrays;

/**
 * Every Gaussian linear expert's log-density of every row of a column-major block, {@code
 * -M/2 log(2π σ²_k) - ||y_i - W_kᵀ x_i||² / (2 σ²_k)}, added into a row-major {@code n x K}
 * array: the E-step's predictions and residuals, shaped like {@link WeightedMoments} so that the
 * JIT vectorises them.
 *
 * <p>The rows go by strips of {@link WeightedMoments#STRIP}: the strip's columns are copied into
 * arrays of their own, each expert's prediction is built column by column ({@code pred += x_c
 * w_c}, elementwise) and its squared residual likewise, and only the last step writes the
 * row-major output. A {@code dgemm} for all experts' predictions costs about three times as
 * much at D = 11, K = 4 (docs/performance.md).
 *
 * <p>An instance holds the working arrays (grown to the largest D + M seen) and is not
 * thread-safe: one per partition's kernel.
 */
final class GaussianLogDensities {
  private static final int STRIP = WeightedMoments.STRIP;

  /** The strip's columns of [X Y], each its own array. */
  private double[][] columns = new double[0][];
  private final double[] pred = new double[STRIP];
  private final double[] squares = new double[STRIP];

  /**
   * Adds the log-densities into {@code out[i K + e]}.
   *
   * @param xy column-major n x (d + m) block, X then Y
   * @param means column-major d x (K m) coefficients, expert e's output j in column {@code e m
   *     + j}
   * @param variances the K noise variances
   */
  void add(double[] xy, int n, int d, int m, double[] means, double[] variances, int k,
      double[] out) {
    int p = d + m;
    if (columns.length < p) {
      columns = new double[p][STRIP];
    }
    double[] logNorm = new double[k];
    double[] half = new double[k];
    for (int e = 0; e < k; e++) {
      logNorm[e] = -0.5 * m * Math.log(2 * Math.PI * variances[e]);
      half[e] = 0.5 / variances[e];
    }
    for (int s = 0; s < n; s += STRIP) {
      int len = Math.min(STRIP, n - s);
      for (int c = 0; c < p; c++) {
        System.arraycopy(xy, c * n + s, columns[c], 0, len);
        if (len < STRIP) {
          Arrays.fill(columns[c], len, STRIP, 0.0);
        }
      }
      for (int e = 0; e < k; e++) {
        Arrays.fill(squares, 0.0);
        for (int j = 0; j < m; j++) {
          Arrays.fill(pred, 0.0);
          int at = (e * m + j) * d;
          for (int c = 0; c < d; c++) {
            addScaled(columns[c], means[at + c]);
          }
          addSquaredResidual(columns[d + j]);
        }
        double ln = logNorm[e];
        double h = half[e];
        for (int i = 0, o = s * k + e; i < len; i++, o += k) {
          out[o] += ln - h * squares[i];
        }
      }
    }
  }

  private void addScaled(double[] x, double w) {
    for (int i = 0; i < STRIP; i++) {
      pred[i] += x[i] * w;
    }
  }

  private void addSquaredResidual(double[] y) {
    for (int i = 0; i < STRIP; i++) {
      double r = y[i] - pred[i];
      squares[i] += r * r;
    }
  }
}
