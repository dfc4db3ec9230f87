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

  private final int d;
  private final int m;
  private final double[] sums;
  private final double[] squares;
  private final double[] firsts;
  private double weight;

  private ColumnSummary(int d, int m) {
    this.d = d;
    this.m = m;
    this.sums = new double[d + m];
    this.squares = new double[d + m];
    this.firsts = new double[d + m];
    java.util.Arrays.fill(firsts, Double.NaN);
  }

  /** One pass over {@code data}. */
  public static ColumnSummary of(DataSource data) {
    int d = data.numFeatures();
    int m = data.numOutputs();
    return data.aggregate(Boolean.TRUE, () -> new ColumnSummary(d, m), ColumnSummary::add);
  }

  private static void add(Boolean unused, Block b, ColumnSummary acc) {
    int n = b.n;
    for (int c = 0; c < acc.d + acc.m; c++) {
      int off = c * n;
      if (Double.isNaN(acc.firsts[c]) && n > 0) {
        acc.firsts[c] = b.xy[off];
      }
      // shift by the column's first value for a stable variance
      double shift = acc.firsts[c];
      double s = 0;
      double q = 0;
      for (int i = 0; i < n; i++) {
        double v = (b.xy[off + i] - shift) * b.weights[i];
        s += v;
        q += v * (b.xy[off + i] - shift);
      }
      acc.sums[c] += s;
      acc.squares[c] += q;
    }
    acc.weight += b.totalWeight();
  }

  @Override
  public ColumnSummary merge(ColumnSummary o) {
    for (int c = 0; c < sums.length; c++) {
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

  /** Mean variance of the outputs. */
  public double outputVariance() {
    double v = 0;
    for (int j = 0; j < m; j++) {
      v += variance(d + j);
    }
    return v / m;
  }
}
