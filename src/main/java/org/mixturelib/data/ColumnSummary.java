package org.mixturelib.data;

/**
 * Weighted means and variances of every column of {@code [X, Y]}, from one pass over a {@link
 * DataSource}: what the engine needs to scale the data (k-means starts), to set a noise
 * variance floor relative to the spread of the answers, and to find constant feature columns.
 */
public final class ColumnSummary implements Mergeable<ColumnSummary> {
  private static final long serialVersionUID = 1L;
  /**
   * Relative variance below which a column counts as constant: the moments are taken about each
   * column's first value, so a constant column has a variance of exactly 0.
   */
  private static final double CONSTANT = 1e-20;
  /**
   * The smallest largest magnitude a non-zero column may have ({@link #tinyColumn}): below it
   * the squares and cross-products the fit forms underflow (a feature near 1e-200 looks
   * collinear, a label near 1e-155 looks like an exact fit), as case weights do below the same
   * bound on average.
   */
  public static final double MIN_SCALE = 1e-100;

  private final int d;
  private final int m;
  private final double[] sums;
  private final double[] squares;
  private final double[] firsts;
  /** The largest magnitude of each column (0 for an all-zero one), taken before any square. */
  private final double[] maxAbs;
  private double weight;
  /** The same moments of the gate's own inputs, or null when the blocks have none. */
  private ColumnSummary gate;

  private ColumnSummary(int d, int m) {
    this.d = d;
    this.m = m;
    this.sums = new double[d + m];
    this.squares = new double[d + m];
    this.firsts = new double[d + m];
    this.maxAbs = new double[d + m];
    java.util.Arrays.fill(firsts, Double.NaN);
  }

  /** One pass over {@code data}. */
  public static ColumnSummary of(DataSource data) {
    int d = data.numFeatures();
    int m = data.numOutputs();
    return data.aggregate(Boolean.TRUE, () -> new ColumnSummary(d, m), ColumnSummary::add);
  }

  private static void add(Boolean unused, Block b, ColumnSummary acc) {
    acc.addColumns(b.xy, b.n, b.weights);
    if (b.gateX != null) {
      if (acc.gate == null) {
        acc.gate = new ColumnSummary(b.g, 0);
      }
      acc.gate.addColumns(b.gateX, b.n, b.weights);
    }
  }

  /** Adds the moments of a column-major array of n rows and this summary's columns. */
  private void addColumns(double[] a, int n, double[] w) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += w[i];
    }
    for (int c = 0; c < d + m; c++) {
      int off = c * n;
      if (Double.isNaN(firsts[c]) && n > 0) {
        firsts[c] = a[off];
      }
      // shift by the column's first value for a stable variance
      double shift = firsts[c];
      double s = 0;
      double q = 0;
      double top = maxAbs[c];
      for (int i = 0; i < n; i++) {
        top = Math.max(top, Math.abs(a[off + i]));
        double v = (a[off + i] - shift) * w[i];
        s += v;
        q += v * (a[off + i] - shift);
      }
      sums[c] += s;
      squares[c] += q;
      maxAbs[c] = top;
    }
    weight += total;
  }

  @Override
  public ColumnSummary merge(ColumnSummary o) {
    for (int c = 0; c < sums.length; c++) {
      maxAbs[c] = Math.max(maxAbs[c], o.maxAbs[c]);
      if (Double.isNaN(o.firsts[c])) {
        continue;
      }
      if (Double.isNaN(firsts[c])) {
        firsts[c] = o.firsts[c];
        sums[c] = o.sums[c];
        squares[c] = o.squares[c];
        continue;
      }
      // re-centre o's moments on this summary's shift
      double delta = o.firsts[c] - firsts[c];
      squares[c] += o.squares[c] + 2 * delta * o.sums[c] + delta * delta * o.weight;
      sums[c] += o.sums[c] + delta * o.weight;
    }
    weight += o.weight;
    if (o.gate != null) {
      gate = gate == null ? o.gate : gate.merge(o.gate);
    }
    return this;
  }

  /** Number of feature columns. */
  public int numFeatures() {
    return d;
  }

  /** Number of output columns. */
  public int numOutputs() {
    return m;
  }

  /** Weighted mean of column c (features first, then outputs). */
  public double mean(int c) {
    return firsts[c] + sums[c] / weight;
  }

  /** The largest magnitude in column c (features first, then outputs); 0 for an all-zero one. */
  public double maxAbs(int c) {
    return maxAbs[c];
  }

  /**
   * The first column (features first, then outputs) whose values are not all zero but all below
   * {@link #MIN_SCALE} in magnitude, or -1 when there is none.
   */
  public int tinyColumn() {
    for (int c = 0; c < d + m; c++) {
      if (maxAbs[c] > 0 && maxAbs[c] < MIN_SCALE) {
        return c;
      }
    }
    return -1;
  }

  /** The summary of the gate's own inputs, or null when the blocks carry none. */
  public ColumnSummary gateInputs() {
    return gate;
  }

  /** Weighted variance of column c (divided by the total weight). */
  public double variance(int c) {
    double mu = sums[c] / weight;
    return Math.max(squares[c] / weight - mu * mu, 0);
  }

  /** Whether column c is constant (no variance beyond rounding next to its squared mean). */
  public boolean isConstant(int c) {
    double mu = mean(c);
    return variance(c) <= CONSTANT * Math.max(mu * mu, Double.MIN_NORMAL);
  }

  /** Number of constant feature columns (intercept columns). */
  public int constantFeatures() {
    int n = 0;
    for (int c = 0; c < d; c++) {
      if (isConstant(c)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Number of constant columns among the gate's inputs: its own inputs when the blocks carry
   * them, else the features.
   */
  public int constantGateInputs() {
    return gate == null ? constantFeatures() : gate.constantFeatures();
  }

  /** Mean variance of the outputs. */
  public double outputVariance() {
    double v = 0;
    for (int j = 0; j < m; j++) {
      v += variance(d + j);
    }
    return v / m;
  }
}
