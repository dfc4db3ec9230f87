package org.mixturelib.localmodels;

import java.util.Arrays;

/**
 * Weighted second moments of the first p columns of a column-major block, for K weight columns
 * at once: {@code Σ_i w_ik z_i z_iᵀ} (upper triangle) per k. The experts' hot loop (see {@link
 * LinearExperts#addStatistics}), shaped so that the JIT compiles its inner loop to vector
 * instructions.
 *
 * <p>The rows go by strips of {@link #STRIP}: each strip's columns and weights are copied into
 * short arrays of their own, and for every entry {@code (a, c)} and group of four experts one
 * loop over the strip adds {@code z_a z_c w_k} into four arrays of lanes, one running sum per
 * row of the strip, at the same index as the values it reads. Java 17's C2 vectorises that loop
 * (elementwise, one array written) but neither a reduction into a scalar sum nor a loop whose
 * arrays are read at different runtime offsets, which is why the columns are copied first and
 * why each lane array holds one entry's sums. The lanes are summed into the statistics once per
 * block. Entries are taken in chunks of whole columns, at most {@link #CHUNK_PAIRS} entries (or
 * one column's p, when a column alone has more) so that the lanes stay in the core's cache when
 * the block has many columns.
 *
 * <p>An instance holds the working arrays (grown to the largest p and K seen, never shrunk) and
 * is not thread-safe: one per partition's kernel.
 */
final class WeightedMoments {
  /** Rows per strip: the length of every lane array's part for one expert. */
  static final int STRIP = 32;
  /**
   * At most this many entries {@code (a, c)} have live lanes at once, unless one column alone has
   * more (p above it): then one column's p.
   */
  private static final int CHUNK_PAIRS = 128;

  /** The strip's first columns, each its own array of {@link #STRIP} values. */
  private double[][] columns = new double[0][];
  /** The strip's weights, one array per expert, rounded up to whole groups of four. */
  private double[][] weights = new double[0][];
  /** Per group of four experts and entry of the chunk: {@code 4 STRIP} running sums. */
  private double[][] lanes = new double[0][];

  /**
   * Adds {@code Σ_i w_ik z_i z_iᵀ} into {@code stats[k p² ...]} (upper triangle, column-major).
   *
   * @param z column-major n x (at least p) data; its first p columns are used
   * @param w column-major n x K weights, column k at {@code k n}
   */
  void add(double[] z, int n, int p, double[] w, int k, double[] stats) {
    int groups = (k + 3) / 4;
    int chunk = Math.max(CHUNK_PAIRS, p);
    ensure(p, groups, chunk);
    int first = 0;
    while (first < p) {
      // columns first .. last - 1 of the upper triangle: their entries (row <= col) in one chunk
      int last = first + 1;
      while (last < p && pairs(first, last + 1) <= CHUNK_PAIRS) {
        last++;
      }
      addChunk(z, n, first, last, w, k, groups, chunk, stats, p);
      first = last;
    }
  }

  /** Entries of the upper triangle in columns {@code first .. last - 1}. */
  private static int pairs(int first, int last) {
    return (last * (last + 1) - first * (first + 1)) / 2;
  }

  private void ensure(int p, int groups, int chunk) {
    if (columns.length < p) {
      columns = new double[p][STRIP];
    }
    if (weights.length < 4 * groups) {
      weights = new double[4 * groups][STRIP];
    }
    if (lanes.length < groups * chunk) {
      lanes = new double[groups * chunk][4 * STRIP];
    }
  }

  /**
   * Sums of the entries in columns {@code first .. last - 1} over all strips of the block; each
   * group of experts has {@code chunk} lane arrays.
   */
  private void addChunk(double[] z, int n, int first, int last, double[] w, int k, int groups,
      int chunk, double[] stats, int p) {
    for (int s = 0; s < n; s += STRIP) {
      int len = Math.min(STRIP, n - s);
      for (int c = 0; c < last; c++) {
        copy(z, c * n + s, len, columns[c]);
      }
      for (int e = 0; e < 4 * groups; e++) {
        if (e < k) {
          copy(w, e * n + s, len, weights[e]);
        } else if (s == 0) {
          Arrays.fill(weights[e], 0.0);
        }
      }
      for (int g = 0; g < groups; g++) {
        int count = Math.min(4, k - 4 * g);
        int at = g * chunk;
        for (int col = first; col < last; col++) {
          double[] zc = columns[col];
          for (int row = 0; row <= col; row++, at++) {
            sweep(zc, columns[row], g, count, lanes[at]);
          }
        }
      }
    }
    int stride = p * p;
    for (int g = 0; g < groups; g++) {
      int count = Math.min(4, k - 4 * g);
      int at = g * chunk;
      for (int col = first; col < last; col++) {
        for (int row = 0; row <= col; row++, at++) {
          double[] lane = lanes[at];
          for (int e = 0; e < count; e++) {
            double sum = 0;
            for (int j = e * STRIP; j < (e + 1) * STRIP; j++) {
              sum += lane[j];
            }
            stats[(4 * g + e) * stride + col * p + row] += sum;
          }
          Arrays.fill(lane, 0, count * STRIP, 0.0);
        }
      }
    }
  }

  /** Rows {@code from .. from + len - 1} of {@code src} into {@code dst}, zeros after them. */
  private static void copy(double[] src, int from, int len, double[] dst) {
    System.arraycopy(src, from, dst, 0, len);
    if (len < STRIP) {
      Arrays.fill(dst, len, STRIP, 0.0);
    }
  }

  /** One entry's products {@code z_a z_c} over the strip, times the group's weights. */
  private void sweep(double[] za, double[] zb, int g, int count, double[] lane) {
    if (count == 1) {
      sweep1(za, zb, weights[4 * g], lane);
    } else if (count == 2) {
      sweep2(za, zb, weights[4 * g], weights[4 * g + 1], lane);
    } else {
      sweep4(za, zb, weights[4 * g], weights[4 * g + 1], weights[4 * g + 2],
          weights[4 * g + 3], lane);
    }
  }

  private static void sweep1(double[] za, double[] zb, double[] q0, double[] lane) {
    for (int j = 0; j < STRIP; j++) {
      lane[j] += za[j] * zb[j] * q0[j];
    }
  }

  private static void sweep2(double[] za, double[] zb, double[] q0, double[] q1,
      double[] lane) {
    for (int j = 0; j < STRIP; j++) {
      double x = za[j] * zb[j];
      lane[j] += x * q0[j];
      lane[STRIP + j] += x * q1[j];
    }
  }

  private static void sweep4(double[] za, double[] zb, double[] q0, double[] q1, double[] q2,
      double[] q3, double[] lane) {
    for (int j = 0; j < STRIP; j++) {
      double x = za[j] * zb[j];
      lane[j] += x * q0[j];
      lane[STRIP + j] += x * q1[j];
      lane[2 * STRIP + j] += x * q2[j];
      lane[3 * STRIP + j] += x * q3[j];
    }
  }
}
