package org.mixturelib.support;

import java.util.Random;

/** Planted data with known truth. */
public final class Planted {
  private Planted() {}

  /** Data drawn from a known model. */
  public record Data(double[][] x, double[][] y, int[] z, double[][] weights) {}

  /**
   * 0.4's chapter 3 "two planes": N objects, first half y = 10 x1, second half y = 30 x2, the
   * other coordinate shrunk by 0.8, noise sd 5 (a NumPy-free re-draw with the given seed).
   */
  public static Data twoPlanes(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      boolean first = i < n / 2;
      if (first) {
        x[i][1] *= 0.8;
      } else {
        x[i][0] *= 0.8;
      }
      z[i] = first ? 0 : 1;
      y[i][0] = (first ? 10 * x[i][0] : 30 * x[i][1]) + 5 * r.nextGaussian();
    }
    return new Data(x, y, z, new double[][] {{10, 0}, {0, 30}});
  }

  /**
   * K linear experts in D dimensions, x ~ N(0, I), weights scale * N(0, I), noise sd, the
   * expert of each row chosen by the argmax of a random linear function of x (a mixture of
   * experts) when {@code gated}, by the mixing weights otherwise.
   */
  public static Data experts(int n, int d, int k, double scale, double noise, boolean gated,
      double[] mixing, long seed) {
    Random r = new Random(seed);
    double[][] w = new double[k][d];
    double[][] v = new double[k][d];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        w[e][j] = scale * r.nextGaussian();
        v[e][j] = r.nextGaussian();
      }
    }
    double[][] x = new double[n][d];
    double[][] y = new double[n][1];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = r.nextGaussian();
      }
      int pick = 0;
      if (gated) {
        double best = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < k; e++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += v[e][j] * x[i][j];
          }
          if (s > best) {
            best = s;
            pick = e;
          }
        }
      } else {
        double u = r.nextDouble();
        double cum = 0;
        pick = k - 1;
        for (int e = 0; e < k; e++) {
          cum += mixing[e];
          if (u < cum) {
            pick = e;
            break;
          }
        }
      }
      z[i] = pick;
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += w[pick][j] * x[i][j];
      }
      y[i][0] = s + noise * r.nextGaussian();
    }
    return new Data(x, y, z, w);
  }

  /**
   * Planted grouped data: G groups of 5 to 50 rows, each wholly in one of two lines (slopes 0.8
   * and 1.2, x in [0, 10]) under noise sd 4, so that a single row says little about its line.
   */
  public record Grouped(double[][] x, double[][] y, Object[] group, int[] truth) {}

  public static Grouped groupedLines(int groups, long seed) {
    Random r = new Random(seed);
    java.util.List<double[]> rows = new java.util.ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int size = 5 + r.nextInt(46);
      boolean first = r.nextBoolean();
      for (int i = 0; i < size; i++) {
        double x = 10 * r.nextDouble();
        double y = first ? 1 + 0.8 * x : 1 + 1.2 * x;
        rows.add(new double[] {x, y + 4 * r.nextGaussian(), g, first ? 0 : 1});
      }
    }
    int n = rows.size();
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    Object[] group = new Object[n];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      double[] v = rows.get(i);
      x[i] = new double[] {1, v[0]};
      y[i] = new double[] {v[1]};
      group[i] = (long) v[2];
      truth[i] = (int) v[3];
    }
    return new Grouped(x, y, group, truth);
  }
}
