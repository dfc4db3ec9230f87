package org.mixturelib.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects validated rows into blocks of at most {@code capacity} rows. Every check on the
 * input happens here, once, at ingestion: lengths, finiteness, weights. Messages name the
 * column so that the user can find the problem.
 */
public final class BlockBuilder {
  /** Default number of rows per block. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final int d;
  private final int m;
  private final int capacity;
  private final String featuresName;
  private final String labelName;
  private final String weightName;
  private final List<Block> done = new ArrayList<>();
  private String offsetName;
  private String trialsName;
  private double[] x;
  private double[] y;
  private double[] w;
  private double[] offsets;
  private double[] trials;
  private int count;
  private long firstRow = -1;

  /**
   * @param d number of features
   * @param m number of outputs
   * @param capacity rows per block
   * @param featuresName name of the features column (for messages)
   * @param labelName name of the label column (for messages)
   * @param weightName name of the weight column (for messages), or null
   */
  public BlockBuilder(int d, int m, int capacity, String featuresName, String labelName,
      String weightName) {
    if (d < 1 || m < 1 || capacity < 1) {
      throw new IllegalArgumentException("need at least one feature, one output and one row");
    }
    this.d = d;
    this.m = m;
    this.capacity = capacity;
    this.featuresName = featuresName;
    this.labelName = labelName;
    this.weightName = weightName;
    reset();
  }

  private void reset() {
    x = new double[capacity * d];
    y = new double[capacity * m];
    w = new double[capacity];
    offsets = offsetName == null ? null : new double[capacity];
    trials = trialsName == null ? null : new double[capacity];
    count = 0;
  }

  /**
   * Also collects an offset and a number of trials per row (see {@link #add(long, double[],
   * double[], double, double, double)}), each when its column name is not null or empty.
   *
   * @param offsetColumn name of the offset column (for messages), or null or empty
   * @param trialsColumn name of the binomial trials column (for messages), or null or empty
   * @return this builder
   */
  public BlockBuilder withRowColumns(String offsetColumn, String trialsColumn) {
    if (count > 0 || !done.isEmpty()) {
      throw new IllegalStateException("withRowColumns must come before the first row");
    }
    offsetName = offsetColumn == null || offsetColumn.isEmpty() ? null : offsetColumn;
    trialsName = trialsColumn == null || trialsColumn.isEmpty() ? null : trialsColumn;
    reset();
    return this;
  }

  /**
   * Adds one row with its offset and number of trials (each ignored unless {@link
   * #withRowColumns} named its column).
   *
   * @param offset the row's offset (finite)
   * @param trialCount the row's number of binomial trials (finite, > 0)
   */
  public void add(long rowIndex, double[] features, double[] label, double weight,
      double offset, double trialCount) {
    if (offsetName != null && !Double.isFinite(offset)) {
      throw new IllegalArgumentException("column '" + offsetName + "': row " + rowIndex
          + " has offset " + offset + ", expected a finite number");
    }
    if (trialsName != null && (!(trialCount > 0) || Double.isInfinite(trialCount))) {
      throw new IllegalArgumentException("column '" + trialsName + "': row " + rowIndex
          + " has " + trialCount + " trials, expected a finite number > 0");
    }
    int at = store(rowIndex, features, label, weight);
    if (offsets != null) {
      offsets[at] = offset;
    }
    if (trials != null) {
      trials[at] = trialCount;
    }
    if (count == capacity) {
      flush();
    }
  }

  /**
   * Adds one row.
   *
   * @param rowIndex global index of the row
   * @param features feature values (length d)
   * @param label outputs (length m)
   * @param weight case weight (finite, non-negative)
   */
  public void add(long rowIndex, double[] features, double[] label, double weight) {
    if (offsetName != null || trialsName != null) {
      throw new IllegalStateException("this builder collects offsets or trials: use the add"
          + " that takes them");
    }
    store(rowIndex, features, label, weight);
    if (count == capacity) {
      flush();
    }
  }

  /** Checks and stores one row's features, label and weight; returns its slot in the block. */
  private int store(long rowIndex, double[] features, double[] label, double weight) {
    if (features.length != d) {
      throw new IllegalArgumentException("column '" + featuresName + "': row " + rowIndex
          + " has " + features.length + " features, expected " + d);
    }
    if (label.length != m) {
      throw new IllegalArgumentException("column '" + labelName + "': row " + rowIndex
          + " has " + label.length + " outputs, expected " + m);
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("column '" + weightName + "': row " + rowIndex
          + " has weight " + weight + ", expected a finite value >= 0");
    }
    if (count == 0) {
      firstRow = rowIndex;
    } else if (rowIndex != firstRow + count) {
      flush();
      firstRow = rowIndex;
    }
    for (int j = 0; j < d; j++) {
      double v = features[j];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("column '" + featuresName + "': row " + rowIndex
            + " feature " + j + " is " + v + ", expected a finite number");
      }
      x[j * capacity + count] = v;
    }
    for (int j = 0; j < m; j++) {
      double v = label[j];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("column '" + labelName + "': row " + rowIndex
            + " is " + v + ", expected a finite number");
      }
      y[j * capacity + count] = v;
    }
    w[count] = weight;
    return count++;
  }

  /** Emits the rows collected so far as a block (no-op when empty). */
  public void flush() {
    if (count == 0) {
      return;
    }
    double[] xy = new double[count * (d + m)];
    for (int j = 0; j < d; j++) {
      System.arraycopy(x, j * capacity, xy, j * count, count);
    }
    for (int j = 0; j < m; j++) {
      System.arraycopy(y, j * capacity, xy, (d + j) * count, count);
    }
    double[] weights = new double[count];
    System.arraycopy(w, 0, weights, 0, count);
    Block b = new Block(count, d, m, xy, weights, firstRow);
    if (offsets != null) {
      b = b.withOffsets(Arrays.copyOf(offsets, count));
    }
    if (trials != null) {
      b = b.withTrials(Arrays.copyOf(trials, count));
    }
    done.add(b);
    reset();
  }

  /** Flushes and returns every block built. */
  public List<Block> finish() {
    flush();
    return done;
  }

  /**
   * Blocks from in-memory matrices.
   *
   * @param xRows N x D features
   * @param yRows N x M outputs
   * @param weights N case weights, or null for ones
   * @param capacity rows per block
   */
  public static List<Block> fromArrays(double[][] xRows, double[][] yRows, double[] weights,
      int capacity) {
    if (xRows == null || yRows == null) {
      throw new IllegalArgumentException("X and Y must not be null");
    }
    if (xRows.length == 0) {
      throw new IllegalArgumentException("X: no rows; expected at least one object");
    }
    if (yRows.length != xRows.length) {
      throw new IllegalArgumentException("Y has " + yRows.length + " rows but X has "
          + xRows.length);
    }
    if (weights != null && weights.length != xRows.length) {
      throw new IllegalArgumentException("weights has " + weights.length + " entries but X has "
          + xRows.length + " rows");
    }
    BlockBuilder b = new BlockBuilder(xRows[0].length, yRows[0].length, capacity, "X", "Y",
        "weights");
    for (int i = 0; i < xRows.length; i++) {
      b.add(i, xRows[i], yRows[i], weights == null ? 1.0 : weights[i]);
    }
    return b.finish();
  }
}
