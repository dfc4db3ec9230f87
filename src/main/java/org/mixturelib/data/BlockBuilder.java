package org.mixturelib.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects validated rows into blocks of at most {@code capacity} rows. Every check on the
 * input happens here, once, at ingestion: lengths, finiteness, weights. Messages name the
 * column so that the user can find the problem.
 *
 * <p>Grouped rows: call {@link #startGroup} before the first row of every group and add the
 * group's rows after it. Blocks then end only between groups (once they hold {@code capacity}
 * rows or more), so a group larger than the capacity makes one larger block, and every block
 * carries its group layout and its rows' indices ({@link Block#withGroups}).
 *
 * <p>A family's own per-row columns ({@link #withFamilyColumns}): every row then brings their
 * values (in the order of the columns given), checked here ({@link FamilyColumn#check}) and
 * stored in the blocks under their roles ({@link Block#withFamilyColumns}).
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
  private final int g;
  private final String gateName;
  private String offsetName;
  private String trialsName;
  private double[] x;
  private double[] y;
  private double[] w;
  private double[] offsets;
  private double[] trials;
  private double[] gx;
  private List<FamilyColumn> family = List.of();
  private double[] fx;
  private int count;
  private long firstRow = -1;
  private int room;
  private long[] keys;
  private final List<Integer> starts = new ArrayList<>();
  private boolean grouped;
  private String constantColumn;
  private Object groupKey;
  private int groupFirst;

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
    if (g < 0) {
      throw new IllegalArgumentException("gate inputs: expected >= 0 columns, got " + g);
    }
    this.d = d;
    this.m = m;
    this.capacity = capacity;
    this.featuresName = featuresName;
    this.labelName = labelName;
    this.weightName = weightName;
    this.g = g;
    this.gateName = gateName;
    reset();
  }

  private void reset() {
    room = capacity;
    x = new double[room * d];
    y = new double[room * m];
    w = new double[room];
    keys = new long[room];
    offsets = offsetName == null ? null : new double[room];
    trials = trialsName == null ? null : new double[room];
    gx = new double[room * g];
    fx = new double[room * family.size()];
    starts.clear();
    count = 0;
  }

  /** Doubles the room of the working arrays (a group larger than the capacity). */
  private void grow() {
    int bigger = 2 * room;
    double[] nx = new double[bigger * d];
    for (int j = 0; j < d; j++) {
      System.arraycopy(x, j * room, nx, j * bigger, count);
    }
    double[] ny = new double[bigger * m];
    for (int j = 0; j < m; j++) {
      System.arraycopy(y, j * room, ny, j * bigger, count);
    }
    double[] ngx = new double[bigger * g];
    for (int j = 0; j < g; j++) {
      System.arraycopy(gx, j * room, ngx, j * bigger, count);
    }
    int c = family.size();
    double[] nfx = new double[bigger * c];
    for (int j = 0; j < c; j++) {
      System.arraycopy(fx, j * room, nfx, j * bigger, count);
    }
    x = nx;
    y = ny;
    gx = ngx;
    fx = nfx;
    w = Arrays.copyOf(w, bigger);
    keys = Arrays.copyOf(keys, bigger);
    if (offsets != null) {
      offsets = Arrays.copyOf(offsets, bigger);
    }
    if (trials != null) {
      trials = Arrays.copyOf(trials, bigger);
    }
    room = bigger;
  }

  /**
   * Refuses a group whose rows differ in an input of the gate (the gate of a mixture of experts
   * sees one input row per group): the gate's own inputs when the builder collects them, the
   * features otherwise.
   *
   * @param column the name of the column the gate reads, for messages
   */
  public BlockBuilder requireConstantFeaturesInGroups(String column) {
    constantColumn = column;
    return this;
  }

  /**
   * Starts a new group: the rows added next, up to the next call, form one group.
   *
   * @param key the group's key, for messages
   */
  public void startGroup(Object key) {
    if (!grouped && count > 0) {
      throw new IllegalStateException("startGroup after ungrouped rows");
    }
    grouped = true;
    if (count >= capacity) {
      flush();
    }
    starts.add(count);
    groupKey = key;
    groupFirst = count;
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
   * Also collects a family's own per-row columns: every row is then added with their values
   * ({@link #add(long, double[], double[], double, double, double, double[], double[])}), in
   * the order of {@code columns}.
   *
   * @param columns the family's columns (distinct roles), or empty for none
   * @return this builder
   */
  public BlockBuilder withFamilyColumns(List<FamilyColumn> columns) {
    if (count > 0 || !done.isEmpty()) {
      throw new IllegalStateException("withFamilyColumns must come before the first row");
    }
    family = List.copyOf(columns);
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
    add(rowIndex, features, label, weight, offset, trialCount, null);
  }

  /**
   * Adds one row with its gate inputs (a builder made with {@code g > 0}).
   *
   * @param gateInputs the gate's inputs (length g, finite)
   */
  public void add(long rowIndex, double[] features, double[] label, double weight,
      double[] gateInputs) {
    add(rowIndex, features, label, weight, 0.0, 1.0, gateInputs);
  }

  /**
   * Adds one row with every optional column: its offset and number of trials (each ignored
   * unless {@link #withRowColumns} named its column) and its gate inputs (null unless the
   * builder was made with {@code g > 0}).
   */
  public void add(long rowIndex, double[] features, double[] label, double weight,
      double offset, double trialCount, double[] gateInputs) {
    add(rowIndex, features, label, weight, offset, trialCount, gateInputs, null);
  }

  /**
   * Adds one row with every optional column, the family's own columns included (null unless
   * {@link #withFamilyColumns} named some).
   *
   * @param familyValues the values of the family's columns, in the order given to {@link
   *     #withFamilyColumns}
   */
  public void add(long rowIndex, double[] features, double[] label, double weight,
      double offset, double trialCount, double[] gateInputs, double[] familyValues) {
    checkFamilyValues(rowIndex, familyValues);
    if (offsetName != null && !Double.isFinite(offset)) {
      throw new IllegalArgumentException("column '" + offsetName + "': row " + rowIndex
          + " has offset " + offset + ", expected a finite number");
    }
    if (trialsName != null && (!(trialCount > 0) || Double.isInfinite(trialCount))) {
      throw new IllegalArgumentException("column '" + trialsName + "': row " + rowIndex
          + " has " + trialCount + " trials, expected a finite number > 0");
    }
    checkGateInputs(rowIndex, gateInputs);
    int at = store(rowIndex, features, label, weight);
    if (offsets != null) {
      offsets[at] = offset;
    }
    if (trials != null) {
      trials[at] = trialCount;
    }
    for (int j = 0; j < g; j++) {
      gx[j * room + at] = gateInputs[j];
      if (constantColumn != null && at > groupFirst
          && gateInputs[j] != gx[j * room + groupFirst]) {
        throw notConstant(rowIndex, "gate input " + j, gateInputs[j], gx[j * room + groupFirst]);
      }
    }
    for (int j = 0; j < family.size(); j++) {
      fx[j * room + at] = familyValues[j];
    }
    if (count == capacity && !grouped) {
      flush();
    }
  }

  /** Checks a row's family column values against the builder's family columns. */
  private void checkFamilyValues(long rowIndex, double[] values) {
    int given = values == null ? 0 : values.length;
    if (given != family.size()) {
      throw new IllegalArgumentException("row " + rowIndex + " has " + given
          + " family column values, expected " + family.size() + " (" + roles() + ")");
    }
    for (int j = 0; j < given; j++) {
      family.get(j).check(values[j], rowIndex);
    }
  }

  private List<String> roles() {
    List<String> roles = new ArrayList<>();
    for (FamilyColumn c : family) {
      roles.add(c.role());
    }
    return roles;
  }

  /** The error for a group whose rows differ in an input of the gate. */
  private IllegalArgumentException notConstant(long rowIndex, String input, double value,
      double first) {
    return new IllegalArgumentException("column '" + constantColumn + "': the rows of group '"
        + groupKey + "' differ (row " + rowIndex + " " + input + " is " + value + ", the"
        + " group's first row has " + first + "); the gate of a grouped mixture of experts"
        + " needs inputs that are constant within each group");
  }

  /** Checks a row's gate inputs against the builder's g (null when g is 0). */
  private void checkGateInputs(long rowIndex, double[] gateInputs) {
    int given = gateInputs == null ? 0 : gateInputs.length;
    if (given != g) {
      throw new IllegalArgumentException("column '" + gateName + "': row " + rowIndex
          + " has " + given + " gate inputs, expected " + g);
    }
    for (int j = 0; j < given; j++) {
      if (!Double.isFinite(gateInputs[j])) {
        throw new IllegalArgumentException("column '" + gateName + "': row " + rowIndex
            + " gate input " + j + " is " + gateInputs[j] + ", expected a finite number");
      }
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
    add(rowIndex, features, label, weight, 0.0, 1.0, null);
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
    if (grouped) {
      if (count == room) {
        grow();
      }
      if (count == 0) {
        firstRow = rowIndex;
      }
      keys[count] = rowIndex;
    } else if (count == 0) {
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
      x[j * room + count] = v;
      if (constantColumn != null && g == 0 && count > groupFirst
          && v != x[j * room + groupFirst]) {
        throw notConstant(rowIndex, "feature " + j, v, x[j * room + groupFirst]);
      }
    }
    for (int j = 0; j < m; j++) {
      double v = label[j];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("column '" + labelName + "': row " + rowIndex
            + " is " + v + ", expected a finite number");
      }
      y[j * room + count] = v;
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
      System.arraycopy(x, j * room, xy, j * count, count);
    }
    for (int j = 0; j < m; j++) {
      System.arraycopy(y, j * room, xy, (d + j) * count, count);
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
    if (g > 0) {
      double[] gate = new double[count * g];
      for (int j = 0; j < g; j++) {
        System.arraycopy(gx, j * room, gate, j * count, count);
      }
      b = b.withGateInputs(g, gate);
    }
    if (!family.isEmpty()) {
      int c = family.size();
      double[] values = new double[count * c];
      for (int j = 0; j < c; j++) {
        System.arraycopy(fx, j * room, values, j * count, count);
      }
      b = b.withFamilyColumns(roles().toArray(new String[0]), values);
    }
    if (grouped) {
      int[] bounds = new int[starts.size() + 1];
      for (int j = 0; j < starts.size(); j++) {
        bounds[j] = starts.get(j);
      }
      bounds[starts.size()] = count;
      b = b.withGroups(bounds, Arrays.copyOf(keys, count));
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
    return fromArrays(xRows, yRows, weights, gateRows, List.of(), null, capacity);
  }

  /**
   * Blocks from in-memory matrices, with the gate's own inputs and a family's own columns.
   *
   * @param xRows N x D features
   * @param yRows N x M outputs
   * @param weights N case weights, or null for ones
   * @param gateRows N x G gate inputs, or null when the gate reads the features
   * @param family the family's columns (empty for none)
   * @param familyRows N x family.size() values of the family's columns, or null when empty
   * @param capacity rows per block
   */
  public static List<Block> fromArrays(double[][] xRows, double[][] yRows, double[] weights,
      double[][] gateRows, List<FamilyColumn> family, double[][] familyRows, int capacity) {
    checkShapes(xRows, yRows, weights);
    if (!family.isEmpty() && (familyRows == null || familyRows.length != xRows.length)) {
      throw new IllegalArgumentException("family columns have " + (familyRows == null ? 0
          : familyRows.length) + " rows but X has " + xRows.length);
    }
    if (gateRows != null && gateRows.length != xRows.length) {
      throw new IllegalArgumentException("gate inputs have " + gateRows.length
          + " rows but X has " + xRows.length);
    }
    BlockBuilder b = new BlockBuilder(xRows[0].length, yRows[0].length, capacity, "X", "Y",
        "weights", gateRows == null ? 0 : gateRows[0].length, "gate inputs")
        .withFamilyColumns(family);
    for (int i = 0; i < xRows.length; i++) {
      b.add(i, xRows[i], yRows[i], weights == null ? 1.0 : weights[i], 0.0, 1.0,
          gateRows == null ? null : gateRows[i], family.isEmpty() ? null : familyRows[i]);
    }
    return b.finish();
  }

  private static void checkShapes(double[][] xRows, double[][] yRows, double[] weights) {
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
  }

  /**
   * Blocks of whole groups from in-memory matrices: the groups in the order of their first row,
   * each group's rows in their order, every row keeping its index as its draw key.
   *
   * @param xRows N x D features
   * @param yRows N x M outputs
   * @param weights N case weights, or null for ones
   * @param groups N group keys (equal keys, by {@code equals}, form one group)
   * @param capacity rows per block (a larger group makes one larger block)
   * @param constantFeatures refuse a group whose rows differ in a feature (the gate's inputs)
   */
  public static List<Block> fromGroupedArrays(double[][] xRows, double[][] yRows,
      double[] weights, Object[] groups, int capacity, boolean constantFeatures) {
    checkShapes(xRows, yRows, weights);
    if (groups == null || groups.length != xRows.length) {
      throw new IllegalArgumentException("group has " + (groups == null ? "no" : groups.length)
          + " entries but X has " + xRows.length + " rows");
    }
    java.util.Map<Object, List<Integer>> members = new java.util.LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      GroupKeys.check(groups[i], "group", i);
      members.computeIfAbsent(groups[i], key -> new ArrayList<>()).add(i);
    }
    BlockBuilder b = new BlockBuilder(xRows[0].length, yRows[0].length, capacity, "X", "Y",
        "weights");
    if (constantFeatures) {
      b.requireConstantFeaturesInGroups("X");
    }
    for (java.util.Map.Entry<Object, List<Integer>> e : members.entrySet()) {
      b.startGroup(e.getKey());
      for (int i : e.getValue()) {
        b.add(i, xRows[i], yRows[i], weights == null ? 1.0 : weights[i]);
      }
    }
    return b.finish();
  }
}
