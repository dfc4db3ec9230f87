package org.mixturelib.localmodels;

import java.util.Arrays;

/**
 * The scalar {@link PassLoops}: loops shaped so that Java 17's C2 compiles their inner loops
 * to vector instructions by itself (docs/performance.md, "Loops that the JIT vectorises").
 *
 * <p><b>Second moments.</b> The rows go by strips of {@link #STRIP}: each strip's columns and
 * weights are copied into short arrays of their own, and for every entry {@code (a, c)} and
 * group of four experts one loop over the strip adds {@code z_a z_c w_k} into four arrays of
 * lanes, one running sum per row of the strip, at the same index as the values it reads. C2
 * vectorises that loop (elementwise, one array written) but neither a reduction into a scalar
 * sum nor a loop whose arrays are read at different runtime offsets, which is why the columns
 * are copied first and why each lane array holds one entry's sums. The lanes are summed into
 * the statistics once per block. Entries are taken in chunks of whole columns, at most {@link
 * #CHUNK_PAIRS} entries (or one column's p, when a column alone has more) so that the lanes stay
 * in the core's cache when the block has many columns.
 *
 * <p><b>Log-densities.</b> By the same strips: each expert's prediction is built column by
 * column ({@code pred += x_c w_c}, elementwise) and its squared residual likewise, and only the
 * last step writes the row-major output. A {@code dgemm} for all experts' predictions costs
 * about three times as much at D = 11, K = 4.
 *
 * <p>The working arrays grow to the largest p and K seen and are never shrunk.
 */
final class ScalarLoops implements PassLoops {
  /** Rows per strip: the length of every lane array's part for one expert. */
  static final int STRIP = 32;
  /**
   * At most this many entries {@code (a, c)} have live lanes at once, unless one column alone has
   * more (p above it): then one column's p.
   */
  private static final int CHUNK_PAIRS = 128;

  /**
   * The strip's first columns (of [X Y] for the log-densities), each its own array of {@link
   * #STRIP} values.
   */
  private double[][] columns = new double[0][];
  /** The strip's weights, one array per expert, rounded up to whole groups of four. */
  private double[][] weights = new double[0][];
  /** Per group of four experts and entry of the chunk: {@code 4 STRIP} running sums. */
  private double[][] lanes = new double[0][];

  @Override
  public void addMoments(double[] z, int n, int p, double[] w, int k, double[] stats) {
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

  private final double[] pred = new double[STRIP];
  private final double[] squares = new double[STRIP];

  @Override
  public void addLogDensities(double[] xy, int n, int d, int m, double[] means,
      double[] variances, int k, double[] out) {
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

  @Override
  public void exp(double[] x, int from, int n, double[] out) {
    for (int i = from; i < from + n; i++) {
      out[i] = Math.exp(x[i]);
    }
  }

  @Override
  public void log(double[] x, int from, int n, double[] out) {
    for (int i = from; i < from + n; i++) {
      out[i] = Math.log(x[i]);
    }
  }

  @Override
  public void addProducts(double[] z, int n, int p, double[] r, int k, double[] out) {
    for (int j = 0; j < p; j++) {
      int zj = j * n;
      for (int e = 0; e < k; e++) {
        int re = e * n;
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += z[zj + i] * r[re + i];
        }
        out[e * p + j] += s;
      }
    }
  }
}
