package org.mixturelib.data;

import java.io.Serializable;

/**
 * A block of rows stored as primitive arrays: the features and the outputs side by side in one
 * column-major {@code n x (d + m)} array (first the d feature columns, then the m output
 * columns), so that one symmetric rank-k update gives XᵀX, XᵀY and YᵀY at once, and a case
 * weight per row. {@code firstRow} is the global index of the first row, the key of every
 * per-row random draw, so that results do not depend on how rows are partitioned.
 *
 * <p>Optional per-row columns, null when the model has none: an offset added to every expert's
 * linear predictor, the number of binomial trials, and the gate's own inputs (column-major
 * {@code n x g}; without them the gate reads the features). The {@code with...} methods return
 * a block that shares every array with this one and adds one of them.
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
  /** Offset per row, or null (no offset). */
  public final double[] offsets;
  /** Number of trials per row (binomial), or null. */
  public final double[] trials;
  /** Number of gate input columns ({@code d} when the gate reads the features). */
  public final int g;
  /** Column-major n x g gate inputs, or null: the gate reads the features. */
  public final double[] gateX;

  /** Wraps the arrays (not copied). */
  public Block(int n, int d, int m, double[] xy, double[] weights, long firstRow) {
    this(n, d, m, xy, weights, firstRow, null, null, d, null);
  }

  private Block(int n, int d, int m, double[] xy, double[] weights, long firstRow,
      double[] offsets, double[] trials, int g, double[] gateX) {
    if (xy.length != n * (d + m) || weights.length != n) {
      throw new IllegalArgumentException("block arrays do not match n=" + n + ", d=" + d
          + ", m=" + m);
    }
    if ((offsets != null && offsets.length != n) || (trials != null && trials.length != n)
        || (gateX != null && gateX.length != n * g)) {
      throw new IllegalArgumentException("block's optional columns do not match n=" + n
          + ", g=" + g);
    }
    this.n = n;
    this.d = d;
    this.m = m;
    this.xy = xy;
    this.weights = weights;
    this.firstRow = firstRow;
    this.offsets = offsets;
    this.trials = trials;
    this.g = g;
    this.gateX = gateX;
  }

  /** This block with an offset per row (not copied). */
  public Block withOffsets(double[] offsetPerRow) {
    return new Block(n, d, m, xy, weights, firstRow, offsetPerRow, trials, g, gateX);
  }

  /** This block with a number of trials per row (not copied). */
  public Block withTrials(double[] trialsPerRow) {
    return new Block(n, d, m, xy, weights, firstRow, offsets, trialsPerRow, g, gateX);
  }

  /** This block with the gate's own inputs, column-major n x columns (not copied). */
  public Block withGateInputs(int columns, double[] inputs) {
    return new Block(n, d, m, xy, weights, firstRow, offsets, trials, columns, inputs);
  }

  /** Gate input j of row i: the gate's own inputs when present, else feature j. */
  public double gateInput(int i, int j) {
    return gateX == null ? xy[j * n + i] : gateX[j * n + i];
  }

  /** Offset of row i (0 without offsets). */
  public double offset(int i) {
    return offsets == null ? 0 : offsets[i];
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
