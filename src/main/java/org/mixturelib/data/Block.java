package org.mixturelib.data;

import java.io.Serializable;

/**
 * A block of rows stored as primitive arrays: the features and the outputs side by side in one
 * column-major {@code n x (d + m)} array (first the d feature columns, then the m output
 * columns), so that one symmetric rank-k update gives XᵀX, XᵀY and YᵀY at once, and a case
 * weight per row. {@code firstRow} is the global index of the first row, the key of every
 * per-row random draw, so that results do not depend on how rows are partitioned.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of rows. */
  public final int n;
  /** Number of features (columns of X). */
  public final int d;
  /** Number of outputs (columns of Y). */
  public final int m;
  /** Column-major n x (d + m): X then Y. */
  public final double[] xy;
  /** Case weight per row. */
  public final double[] weights;
  /** Global index of the first row. */
  public final long firstRow;

  /** Wraps the arrays (not copied). */
  public Block(int n, int d, int m, double[] xy, double[] weights, long firstRow) {
    if (xy.length != n * (d + m) || weights.length != n) {
      throw new IllegalArgumentException("block arrays do not match n=" + n + ", d=" + d
          + ", m=" + m);
    }
    this.n = n;
    this.d = d;
    this.m = m;
    this.xy = xy;
    this.weights = weights;
    this.firstRow = firstRow;
  }

  /** Feature j of row i. */
  public double x(int i, int j) {
    return xy[j * n + i];
  }

  /** Output j of row i. */
  public double y(int i, int j) {
    return xy[(d + j) * n + i];
  }

  /** Total case weight of the block. */
  public double totalWeight() {
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }
}
