package org.mixturelib.localmodels;

import java.util.Arrays;

/**
 * Weighted second moments of the first p columns of a column-major block, for K weight columns
 * at once: {@code Σ_i w_ik z_i z_iᵀ} (upper triangle) per k. The experts' hot loop (see {@link
 * LinearExperts#addStatistics}): one sweep over the block per three entries of a column serves
 * four experts, each product {@code z_a z_c} formed once and multiplied into four running sums.
 */
final class WeightedMoments {
  private WeightedMoments() {}

  /**
   * Adds {@code Σ_i w_ik z_i z_iᵀ} into {@code stats[k p² ...]} (upper triangle, column-major).
   *
   * @param z column-major n x (at least p) data; its first p columns are used
   * @param w column-major n x K weights, column k at {@code k n}
   * @param zeros at least n doubles that this method sets to zero (the missing experts of the
   *     last group of four)
   */
  static void add(double[] z, int n, int p, double[] w, int k, double[] stats, double[] zeros) {
    if (k % 4 != 0) {
      Arrays.fill(zeros, 0, n, 0.0);
    }
    for (int e = 0; e < k; e += 4) {
      addGroup(z, n, p, w, e, Math.min(4, k - e), stats, zeros);
    }
  }

  /**
   * {@link #add} for experts {@code first .. first + count - 1}, count <= 4. Three
   * entries of a column are swept together (twelve running sums), enough independent
   * multiply-adds to keep the core's units busy per value loaded; a column's last sweep repeats
   * its diagonal entry where fewer than three are left.
   */
  private static void addGroup(double[] xy, int n, int p, double[] rw, int first, int count,
      double[] stats, double[] zeros) {
    int stride = p * p;
    double[] r0 = rw;
    double[] r1 = count > 1 ? rw : zeros;
    double[] r2 = count > 2 ? rw : zeros;
    double[] r3 = count > 3 ? rw : zeros;
    int w0 = first * n;
    int w1 = count > 1 ? w0 + n : 0;
    int w2 = count > 2 ? w0 + 2 * n : 0;
    int w3 = count > 3 ? w0 + 3 * n : 0;
    for (int col = 0; col < p; col++) {
      int oc = col * n;
      for (int row = 0; row <= col; row += 3) {
        int o1 = row * n;
        int o2 = Math.min(row + 1, col) * n;
        int o3 = Math.min(row + 2, col) * n;
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int i = 0; i < n; i++) {
          double c = xy[oc + i];
          double x1 = c * xy[o1 + i];
          double x2 = c * xy[o2 + i];
          double x3 = c * xy[o3 + i];
          double q0 = r0[w0 + i];
          double q1 = r1[w1 + i];
          double q2 = r2[w2 + i];
          double q3 = r3[w3 + i];
          a0 += x1 * q0;
          a1 += x1 * q1;
          a2 += x1 * q2;
          a3 += x1 * q3;
          b0 += x2 * q0;
          b1 += x2 * q1;
          b2 += x2 * q2;
          b3 += x2 * q3;
          c0 += x3 * q0;
          c1 += x3 * q1;
          c2 += x3 * q2;
          c3 += x3 * q3;
        }
        int at = first * stride + row + col * p;
        addToGroup(stats, at, stride, count, a0, a1, a2, a3);
        if (row + 1 <= col) {
          addToGroup(stats, at + 1, stride, count, b0, b1, b2, b3);
        }
        if (row + 2 <= col) {
          addToGroup(stats, at + 2, stride, count, c0, c1, c2, c3);
        }
      }
    }
  }

  /** Adds one entry's sums to the first {@code count} of four experts' statistics. */
  private static void addToGroup(double[] stats, int at, int stride, int count, double s0,
      double s1, double s2, double s3) {
    stats[at] += s0;
    if (count > 1) {
      stats[at + stride] += s1;
    }
    if (count > 2) {
      stats[at + 2 * stride] += s2;
    }
    if (count > 3) {
      stats[at + 3 * stride] += s3;
    }
  }
}
