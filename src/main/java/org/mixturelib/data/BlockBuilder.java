package org.mixturelib.data;

import java.util.ArrayList;
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
  private final int g;
  private final String gateName;
  private final List<Block> done = new ArrayList<>();
  private double[] x;
  private double[] y;
  private double[] w;
  private double[] gx;
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
    this(d, m, capacity, featuresName, labelName, weightName, 0, null);
  }

  /**
   * A builder whose blocks also carry the gate's own inputs ({@link Block#gateX}).
   *
   * @param d number of features
   * @param m number of outputs
   * @param capacity rows per block
   * @param featuresName name of the features column (for messages)
   * @param labelName name of the label column (for messages)
   * @param weightName name of the weight column (for messages), or null
   * @param g number of gate inputs per row, or 0 when the gate reads the features
   * @param gateName name of the gate inputs column (for messages), or null when {@code g} is 0
   */
  public BlockBuilder(int d, int m, int capacity, String featuresName, String labelName,
      String weightName, int g, String gateName) {
    if (d < 1 || m < 1 || capacity < 1) {
      throw new IllegalArgumentException("need at least one feature, one output and one row");
    }
    this.d = d;
    this.m = m;
    this.capacity = capacity;
    this.featuresName = featuresName;
    this.labelName = labelName;
    this.weightName = weightName;
    if (g < 0) {
      throw new IllegalArgumentException("gate inputs: expected >= 0 columns, got " + g);
    }
    this.g = g;
    this.gateName = gateName;
    reset();
  }

  private void reset() {
    x = new double[capacity * d];
    y = new double[capacity * m];
    w = new double[capacity];
    gx = new double[capacity * g];
    count = 0;
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
    if (g > 0) {
      throw new IllegalArgumentException("column '" + gateName + "': row " + rowIndex
          + " has no gate inputs, expected " + g);
    }
    addRow(rowIndex, features, label, weight, null);
  }

  /**
   * Adds one row with its gate inputs (a builder made with {@code g > 0}).
   *
   * @param rowIndex global index of the row
   * @param features feature values (length d)
   * @param label outputs (length m)
   * @param weight case weight (finite, non-negative)
   * @param gateInputs the gate's inputs (length g, finite)
   */
  public void add(long rowIndex, double[] features, double[] label, double weight,
      double[] gateInputs) {
    if (gateInputs.length != g) {
      throw new IllegalArgumentException("column '" + gateName + "': row " + rowIndex
          + " has " + gateInputs.length + " gate inputs, expected " + g);
    }
    for (int j = 0; j < g; j++) {
      if (!Double.isFinite(gateInputs[j])) {
        throw new IllegalArgumentException("column '" + gateName + "': row " + rowIndex
            + " gate input " + j + " is " + gateInputs[j] + ", expected a finite number");
      }
    }
    addRow(rowIndex, features, label, weight, gateInputs);
  }

  private void addRow(long rowIndex, double[] features, double[] label, double weight,
      double[] gateInputs) {
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
    for (int j = 0; j < g; j++) {
      gx[j * capacity + count] = gateInputs[j];
    }
    count++;
    if (count == capacity) {
      flush();
    }
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
    if (g > 0) {
      double[] gate = new double[count * g];
      for (int j = 0; j < g; j++) {
        System.arraycopy(gx, j * capacity, gate, j * count, count);
      }
      b = b.withGateInputs(g, gate);
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
    return fromArrays(xRows, yRows, weights, null, capacity);
  }

  /**
   * Blocks from in-memory matrices, with the gate's own inputs.
   *
   * @param xRows N x D features
   * @param yRows N x M outputs
   * @param weights N case weights, or null for ones
   * @param gateRows N x G gate inputs, or null when the gate reads the features
   * @param capacity rows per block
   */
  public static List<Block> fromArrays(double[][] xRows, double[][] yRows, double[] weights,
      double[][] gateRows, int capacity) {
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
    if (gateRows != null && gateRows.length != xRows.length) {
      throw new IllegalArgumentException("gate inputs have " + gateRows.length
          + " rows but X has " + xRows.length);
    }
    BlockBuilder b = new BlockBuilder(xRows[0].length, yRows[0].length, capacity, "X", "Y",
        "weights", gateRows == null ? 0 : gateRows[0].length, "gate inputs");
    for (int i = 0; i < xRows.length; i++) {
      double w = weights == null ? 1.0 : weights[i];
      if (gateRows == null) {
        b.add(i, xRows[i], yRows[i], w);
      } else {
        b.add(i, xRows[i], yRows[i], w, gateRows[i]);
      }
    }
    return b.finish();
  }
}
