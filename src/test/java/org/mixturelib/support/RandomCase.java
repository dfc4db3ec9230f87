package org.mixturelib.support;

import java.util.Locale;
import java.util.Random;

/**
 * A randomly generated regression data set for property tests: K planted linear experts in D
 * features (plus an intercept column of ones when {@code intercept}), M outputs, rows assigned
 * to experts by random mixing weights, then the features scaled by {@code featureScale} (the
 * intercept stays 1) and the labels by {@code labelScale}, independently. Everything follows
 * from the seed, and {@link #toString()} names the case so that a failure can be replayed.
 *
 * @param seed the seed the case was drawn from
 * @param n rows
 * @param d feature columns (including the intercept column)
 * @param m outputs
 * @param k planted experts
 * @param intercept whether the last feature column is all ones
 * @param featureScale factor on the feature columns
 * @param labelScale factor on the labels
 * @param x n x d features
 * @param y n x m labels
 * @param z the planted expert of each row
 */
public record RandomCase(long seed, int n, int d, int m, int k, boolean intercept,
    double featureScale, double labelScale, double[][] x, double[][] y, int[] z) {

  /**
   * A well-posed case: 80 to 300 rows, 1 to 3 features (plus an intercept half of the time),
   * mostly one output (two in one case of five), 1 to 3 experts with mixing weights of at least
   * 0.2, noise sd 0.05 to 0.5 of a unit-scale signal, and scales drawn log-uniformly from 1e-6
   * to 1e6.
   */
  public static RandomCase wellPosed(long seed) {
    Random r = new Random(seed);
    int n = 80 + r.nextInt(221);
    int raw = 1 + r.nextInt(3);
    boolean intercept = r.nextBoolean();
    int m = r.nextInt(5) == 0 ? 2 : 1;
    int k = 1 + r.nextInt(3);
    double sx = Math.pow(10, -6 + 12 * r.nextDouble());
    double sy = Math.pow(10, -6 + 12 * r.nextDouble());
    return draw(seed, r, n, raw, intercept, m, k, sx, sy);
  }

  /** A case of the given shape and scales, drawn from {@code r}. */
  static RandomCase draw(long seed, Random r, int n, int raw, boolean intercept, int m, int k,
      double sx, double sy) {
    int d = raw + (intercept ? 1 : 0);
    double[][][] w = new double[k][d][m];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        for (int o = 0; o < m; o++) {
          w[e][j][o] = 3 * r.nextGaussian();
        }
      }
    }
    double[] mixing = new double[k];
    double total = 0;
    for (int e = 0; e < k; e++) {
      mixing[e] = 0.5 + r.nextDouble();
      total += mixing[e];
    }
    double noise = 0.05 + 0.45 * r.nextDouble();
    double[][] x = new double[n][d];
    double[][] y = new double[n][m];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble() * total;
      int pick = k - 1;
      for (int e = 0; e < k; e++) {
        u -= mixing[e];
        if (u < 0) {
          pick = e;
          break;
        }
      }
      z[i] = pick;
      for (int j = 0; j < raw; j++) {
        x[i][j] = r.nextGaussian();
      }
      if (intercept) {
        x[i][raw] = 1;
      }
      for (int o = 0; o < m; o++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += w[pick][j][o] * x[i][j];
        }
        y[i][o] = sy * (s + noise * r.nextGaussian());
      }
      for (int j = 0; j < raw; j++) {
        x[i][j] *= sx;
      }
    }
    return new RandomCase(seed, n, d, m, k, intercept, sx, sy, x, y, z);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "seed %d: N=%d D=%d%s M=%d K=%d x*%.1e y*%.1e", seed, n,
        d, intercept ? " (with intercept)" : "", m, k, featureScale, labelScale);
  }
}
