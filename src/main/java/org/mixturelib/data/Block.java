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
 *
 * <p>A family's own per-row columns ({@link #withFamilyColumns}): inputs that only some
 * families read (a censoring limit per row, a zero part's covariates), column-major {@code n x
 * c} in {@code familyValues}, each under the role the family reads it by ({@code familyRoles};
 * see {@link FamilyColumn}); null when there are none.
 *
 * <p>Grouped data ({@link #withGroups}): the block holds whole groups, each a run of
 * consecutive rows ({@code groupStarts}, G + 1 offsets), never split across blocks, and a key
 * per row for the per-row random draws ({@code rowKeys}: the row's index in the input before the
 * rows were gathered by group), since the rows of a block are then no longer consecutive.
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
  /** Group j holds rows {@code groupStarts[j]} to {@code groupStarts[j + 1] - 1}, or null. */
  public final int[] groupStarts;
  /** The draw key of every row (grouped blocks), or null: row i's key is firstRow + i. */
  public final long[] rowKeys;
  /** The roles of the family's own columns (see {@link FamilyColumn}), or null. */
  public final String[] familyRoles;
  /** Column-major n x familyRoles.length values of the family's own columns, or null. */
  public final double[] familyValues;
  /** {@link #gateRows()} of a grouped block, made on first use (not serialised). */
  private transient Block gateRows;

  /** Wraps the arrays (not copied). */
  public Block(int n, int d, int m, double[] xy, double[] weights, long firstRow) {
    this(n, d, m, xy, weights, firstRow, null, null, d, null, null, null, null, null);
  }

  private Block(int n, int d, int m, double[] xy, double[] weights, long firstRow,
      double[] offsets, double[] trials, int g, double[] gateX, int[] groupStarts,
      long[] rowKeys, String[] familyRoles, double[] familyValues) {
    if (xy.length != n * (d + m) || weights.length != n) {
      throw new IllegalArgumentException("block arrays do not match n=" + n + ", d=" + d
          + ", m=" + m);
    }
    if ((offsets != null && offsets.length != n) || (trials != null && trials.length != n)
        || (gateX != null && gateX.length != n * g)) {
      throw new IllegalArgumentException("block's optional columns do not match n=" + n
          + ", g=" + g);
    }
    if ((familyRoles == null) != (familyValues == null)
        || (familyRoles != null && familyValues.length != n * familyRoles.length)) {
      throw new IllegalArgumentException("block's family columns do not match n=" + n);
    }
    if (groupStarts != null && (groupStarts.length < 2 || groupStarts[0] != 0
        || groupStarts[groupStarts.length - 1] != n || rowKeys == null || rowKeys.length != n)) {
      throw new IllegalArgumentException("block's group layout does not match n=" + n);
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
    this.groupStarts = groupStarts;
    this.rowKeys = rowKeys;
    this.familyRoles = familyRoles;
    this.familyValues = familyValues;
  }

  /**
   * This block with other features and labels of the same sizes, column-major {@code n x (d +
   * m)} as {@link #xy} (not copied; everything else shared).
   */
  public Block withValues(double[] values) {
    return new Block(n, d, m, values, weights, firstRow, offsets, trials, g, gateX, groupStarts,
        rowKeys, familyRoles, familyValues);
  }

  /** This block with an offset per row (not copied). */
  public Block withOffsets(double[] offsetPerRow) {
    return new Block(n, d, m, xy, weights, firstRow, offsetPerRow, trials, g, gateX, groupStarts,
        rowKeys, familyRoles, familyValues);
  }

  /** This block with a number of trials per row (not copied). */
  public Block withTrials(double[] trialsPerRow) {
    return new Block(n, d, m, xy, weights, firstRow, offsets, trialsPerRow, g, gateX, groupStarts,
        rowKeys, familyRoles, familyValues);
  }

  /** This block with the gate's own inputs, column-major n x columns (not copied). */
  public Block withGateInputs(int columns, double[] inputs) {
    return new Block(n, d, m, xy, weights, firstRow, offsets, trials, columns, inputs, groupStarts,
        rowKeys, familyRoles, familyValues);
  }

  /**
   * This block holding whole groups (not copied).
   *
   * @param starts G + 1 increasing row offsets, from 0 to n: group j is rows {@code starts[j]}
   *     to {@code starts[j + 1] - 1}
   * @param keys every row's draw key (its index in the input)
   */
  public Block withGroups(int[] starts, long[] keys) {
    return new Block(n, d, m, xy, weights, firstRow, offsets, trials, g, gateX, starts, keys,
        familyRoles, familyValues);
  }

  /**
   * This block with a family's own per-row columns (not copied).
   *
   * @param roles the role of each column (distinct; see {@link FamilyColumn})
   * @param values column-major n x roles.length
   */
  public Block withFamilyColumns(String[] roles, double[] values) {
    for (int a = 0; a < roles.length; a++) {
      for (int c = 0; c < a; c++) {
        if (roles[a].equals(roles[c])) {
          throw new IllegalArgumentException("family column role '" + roles[a] + "' twice");
        }
      }
    }
    return new Block(n, d, m, xy, weights, firstRow, offsets, trials, g, gateX, groupStarts,
        rowKeys, roles, values);
  }

  /** Number of the family's own columns (0 without). */
  public int numFamilyColumns() {
    return familyRoles == null ? 0 : familyRoles.length;
  }

  /** Index of the family column of that role, or -1 when the block has none. */
  public int familyColumn(String role) {
    if (familyRoles != null) {
      for (int j = 0; j < familyRoles.length; j++) {
        if (familyRoles[j].equals(role)) {
          return j;
        }
      }
    }
    return -1;
  }

  /** Family column j of row i. */
  public double family(int i, int j) {
    return familyValues[j * n + i];
  }

  /** Whether the rows form groups that share their component. */
  public boolean grouped() {
    return groupStarts != null;
  }

  /** Number of groups (grouped blocks only). */
  public int numGroups() {
    return groupStarts.length - 1;
  }

  /** The key of row i's random draws: its index in the input. */
  public long rowKey(int i) {
    return rowKeys == null ? firstRow + i : rowKeys[i];
  }

  /**
   * What the gate of a grouped block sees: one row per group (the group's first row, whose gate
   * inputs every row of the group shares), weight one, each its own group keyed by that row;
   * the block itself when ungrouped. Made once per cached block and kept.
   */
  public Block gateRows() {
    if (groupStarts == null) {
      return this;
    }
    if (gateRows == null) {
      gateRows = firstRowOfEachGroup();
    }
    return gateRows;
  }

  private Block firstRowOfEachGroup() {
    int groups = numGroups();
    int width = d + m;
    double[] firstXy = new double[groups * width];
    long[] keys = new long[groups];
    for (int j = 0; j < groups; j++) {
      int row = groupStarts[j];
      keys[j] = rowKeys[row];
      for (int c = 0; c < width; c++) {
        firstXy[c * groups + j] = xy[c * n + row];
      }
    }
    double[] ones = new double[groups];
    int[] singletons = new int[groups + 1];
    for (int j = 0; j < groups; j++) {
      ones[j] = 1.0;
      singletons[j + 1] = j + 1;
    }
    Block first = new Block(groups, d, m, firstXy, ones, keys[0], null, null, d, null,
        singletons, keys, null, null);
    if (gateX == null) {
      return first;
    }
    double[] firstGate = new double[groups * g];
    for (int j = 0; j < groups; j++) {
      for (int c = 0; c < g; c++) {
        firstGate[c * groups + j] = gateX[c * n + groupStarts[j]];
      }
    }
    return first.withGateInputs(g, firstGate);
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

  /**
   * A fingerprint of the block's rows that depends neither on their order nor on how rows are
   * split into blocks: the wrapping sum of a 64-bit hash of each row's values (features,
   * outputs, weight, and offset, trials, the gate's own inputs and the family's own columns
   * when present). Data sets
   * with the same rows have the same sum; a changed value changes it with probability close to
   * one. A checkpoint records it to recognise its data (see {@code EmCheckpoint}).
   */
  public long contentHash() {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      long h = 0x9E3779B97F4A7C15L;
      for (int j = 0; j < d + m; j++) {
        h = mix(h, xy[j * n + i]);
      }
      h = mix(h, weights[i]);
      if (offsets != null) {
        h = mix(h, offsets[i]);
      }
      if (trials != null) {
        h = mix(h, trials[i]);
      }
      if (gateX != null) {
        for (int j = 0; j < g; j++) {
          h = mix(h, gateX[j * n + i]);
        }
      }
      for (int j = 0; j < numFamilyColumns(); j++) {
        h = mix(h, familyValues[j * n + i]);
      }
      sum += h;
    }
    return sum;
  }

  /** One step of the row hash: MurmurHash3's 64-bit finaliser over the running value. */
  private static long mix(long h, double v) {
    long k = (h ^ Double.doubleToLongBits(v)) * 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    return k ^ (k >>> 33);
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
