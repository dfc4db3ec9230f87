package org.mixturelib.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Rows of a Spark {@code Dataset}, converted once into an RDD of {@link Block}s that is
 * persisted ({@code MEMORY_AND_DISK} by default, so data larger than memory spills) for the
 * whole fit. Each pass broadcasts the parameters, folds the blocks with {@code treeAggregate}
 * and destroys the broadcast.
 */
public final class SparkSource implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSource.class);

  private final JavaRDD<Block> blocks;
  private final int d;
  private final int m;
  private final long rows;
  private final double weight;
  private final long hash;
  private final int depth;
  private int gateInputs;

  private SparkSource(JavaRDD<Block> blocks, int d, int m, Totals totals, int depth) {
    this.blocks = blocks;
    this.d = d;
    this.m = m;
    this.rows = totals.rows;
    this.weight = totals.weight;
    this.hash = totals.hash;
    this.depth = depth;
  }

  /**
   * Which columns to read and how to lay the blocks out.
   *
   * @param features the vector features column
   * @param label the numeric or vector label column
   * @param weight the numeric case weight column, or null or empty for weights of one
   * @param appendIntercept whether to add a constant 1 as the last feature
   * @param offset the numeric offset column (added to the experts' linear predictors), or null
   *     or empty for none
   * @param trials the numeric binomial trials column, or null or empty for none
   * @param group the group column (rows of one group share their component), or null or empty
   * @param constantFeaturesInGroups refuse a group whose rows differ in an input of the gate
   *     (the gate's own inputs when {@code gateFeatures} names them, the features otherwise)
   * @param gateFeatures the vector column of the gate's own inputs, or null or empty when the
   *     gate reads the features
   * @param family the family's own numeric per-row columns (empty for none)
   */
  public record Columns(String features, String label, String weight, boolean appendIntercept,
      String offset, String trials, String group, boolean constantFeaturesInGroups,
      String gateFeatures, List<FamilyColumn> family) implements Serializable {
    /** Copies the family columns (null: none). */
    public Columns {
      family = family == null ? List.of() : List.copyOf(family);
    }

    /** Columns without family columns. */
    public Columns(String features, String label, String weight, boolean appendIntercept,
        String offset, String trials, String group, boolean constantFeaturesInGroups,
        String gateFeatures) {
      this(features, label, weight, appendIntercept, offset, trials, group,
          constantFeaturesInGroups, gateFeatures, List.of());
    }

    /** Columns without offsets, trials, groups and gate inputs. */
    public Columns(String features, String label, String weight, boolean appendIntercept) {
      this(features, label, weight, appendIntercept, null, null, null, false, null);
    }

    /** Columns with the gate's own inputs column (null or empty: the gate reads the features). */
    public Columns(String features, String label, String weight, boolean appendIntercept,
        String gateFeatures) {
      this(features, label, weight, appendIntercept, null, null, null, false, gateFeatures);
    }

    /** Ungrouped columns with offsets and trials (each null or empty for none). */
    public Columns(String features, String label, String weight, boolean appendIntercept,
        String offset, String trials) {
      this(features, label, weight, appendIntercept, offset, trials, null, false, null);
    }

    /** These columns with a group column (null or empty for none). */
    public Columns grouped(String groupColumn, boolean constantFeatures) {
      return new Columns(features, label, weight, appendIntercept, offset, trials, groupColumn,
          constantFeatures, gateFeatures, family);
    }

    /** These columns with the gate's own inputs column (null or empty for none). */
    public Columns withGateFeatures(String column) {
      return new Columns(features, label, weight, appendIntercept, offset, trials, group,
          constantFeaturesInGroups, column, family);
    }

    /** These columns with a family's own per-row columns (empty for none). */
    public Columns withFamilyColumns(List<FamilyColumn> columns) {
      return new Columns(features, label, weight, appendIntercept, offset, trials, group,
          constantFeaturesInGroups, gateFeatures, columns);
    }

    /** Whether a weight column is named. */
    public boolean isWeighted() {
      return weight != null && !weight.isEmpty();
    }

    /** Whether an offset column is named. */
    public boolean hasOffset() {
      return offset != null && !offset.isEmpty();
    }

    /** Whether a trials column is named. */
    public boolean hasTrials() {
      return trials != null && !trials.isEmpty();
    }

    /** Whether a group column is set. */
    public boolean isGrouped() {
      return group != null && !group.isEmpty();
    }

    /** Whether the gate has its own inputs column. */
    public boolean hasGateFeatures() {
      return gateFeatures != null && !gateFeatures.isEmpty();
    }

    /** Field of the offset in a selected row (after features, label, weight), or -1. */
    int offsetField() {
      return hasOffset() ? (isWeighted() ? 3 : 2) : -1;
    }

    /** Field of the trials in a selected row (after the offset), or -1. */
    int trialsField() {
      return hasTrials() ? (isWeighted() ? 3 : 2) + (hasOffset() ? 1 : 0) : -1;
    }

    /** Field of the gate inputs in a selected row (after the trials), or -1. */
    int gateField() {
      return hasGateFeatures()
          ? (isWeighted() ? 3 : 2) + (hasOffset() ? 1 : 0) + (hasTrials() ? 1 : 0) : -1;
    }

    /** Field of the first family column in a selected row (after the gate inputs). */
    int familyField() {
      return (isWeighted() ? 3 : 2) + (hasOffset() ? 1 : 0) + (hasTrials() ? 1 : 0)
          + (hasGateFeatures() ? 1 : 0);
    }
  }

  /**
   * Reads and validates the columns, builds the blocks and persists them.
   *
   * <p>With a group column, the rows are gathered once, here, by group key: each group's rows
   * go to one partition (the input's number of partitions, by the key's hash), in the order of
   * their index in the input, and make one run of rows inside one block (see {@link
   * BlockBuilder}), so that no pass of the fit needs a shuffle and the model does not depend on
   * how the input was partitioned.
   *
   * @param data the rows: a vector features column, a numeric or vector label column, an
   *     optional numeric weight column and an optional group column (strings or numbers)
   * @param cols the column names; {@code appendIntercept} adds a constant 1 as the last feature
   * @param blockSize rows per block
   * @param depth {@code treeAggregate} depth (at least 1)
   * @param level storage level of the cached blocks
   * @throws IllegalArgumentException naming the column on any bad input
   */
  public static SparkSource fromDataset(Dataset<Row> data, Columns cols, int blockSize,
      int depth, StorageLevel level) {
    Selection sel = select(data, cols, depth);
    SparkSource source = cache(sel.blocksOnSpark(blockSize), sel.d(), sel.m(), depth, level,
        cols.weight());
    source.gateInputs = sel.g();
    return source;
  }

  /**
   * The rows of a fit and the number of the gate's own inputs per row (0 when the gate reads
   * the features).
   *
   * @param rows the rows, on Spark or in the driver's memory
   * @param numGateInputs the gate's own inputs per row
   */
  public record Loaded(DataSource rows, int numGateInputs) implements AutoCloseable {
    @Override
    public void close() {
      rows.close();
    }
  }

  /**
   * As {@link #fromDataset}, but when the rows are already held by the driver (a table whose
   * optimised plan is a local relation, such as {@code createDataFrame} of a list makes, with
   * column expressions that Spark evaluates there) and number at most {@code localRows}, reads
   * them into an {@link InMemorySource} on the driver without a Spark job: the same blocks
   * that a fit on the Spark source would collect for its driver-local run ({@code
   * EmEngine.rowsOnDriver}: the rows in the order of their index; grouped rows by group as the
   * table's partitions would hold them, the blocks in the order of their first group key), so
   * the fit's results are the same on either.
   *
   * @param data the rows (see {@link #fromDataset})
   * @param cols the column names
   * @param blockSize rows per block
   * @param depth {@code treeAggregate} depth (at least 1)
   * @param level storage level of the cached blocks (on Spark)
   * @param localRows the most rows read on the driver
   * @throws IllegalArgumentException naming the column on any bad input
   */
  public static Loaded load(Dataset<Row> data, Columns cols, int blockSize, int depth,
      StorageLevel level, int localRows) {
    Selection sel = select(data, cols, depth);
    if (sel.selected().queryExecution().optimizedPlan()
        instanceof org.apache.spark.sql.catalyst.plans.logical.LocalRelation) {
      List<Row> rows = sel.selected().collectAsList();
      if (rows.size() <= localRows) {
        InMemorySource source = new InMemorySource(sel.blocksOnDriver(rows, blockSize));
        checkWeights(source.totalWeight(), source.numRows(), cols.weight());
        return new Loaded(source, sel.g());
      }
    }
    SparkSource source = cache(sel.blocksOnSpark(blockSize), sel.d(), sel.m(), depth, level,
        cols.weight());
    source.gateInputs = sel.g();
    return new Loaded(source, source.gateInputs);
  }

  /**
   * The selected columns of a fit's rows (features, label, then the optional columns, the
   * group last) and the widths read off the first row: raw features, features with the
   * intercept, outputs and gate inputs.
   */
  private record Selection(Dataset<Row> selected, Columns c, int rawD, int d, int m, int g) {
    /** The blocks built on the partitions of the selected rows. */
    JavaRDD<Block> blocksOnSpark(int blockSize) {
      if (c.isGrouped()) {
        return groupedBlocks(selected, c, rawD, d, m, g, blockSize);
      }
      Columns cols = c;
      int rd = rawD;
      int dd = d;
      int mm = m;
      int gg = g;
      return selected.javaRDD().zipWithIndex().mapPartitions(
          (Iterator<Tuple2<Row, Long>> it) -> rowBlocks(it, cols, rd, dd, mm, gg, blockSize)
              .iterator());
    }

    /**
     * The blocks of the selected rows held by the driver, as {@link #blocksOnSpark} builds
     * them and a collection in the order of the global index arranges them: ungrouped rows in
     * that order; grouped rows sent to the partitions the table's own partition count gives,
     * each partition's blocks as there, every block then ordered by its first group key.
     */
    List<Block> blocksOnDriver(List<Row> rows, int blockSize) {
      if (!c.isGrouped()) {
        List<Tuple2<Row, Long>> indexed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
          indexed.add(new Tuple2<>(rows.get(i), (long) i));
        }
        return rowBlocks(indexed.iterator(), c, rawD, d, m, g, blockSize);
      }
      int at = selected.schema().size() - 1;
      int partitions = Math.max(1, selected.rdd().getNumPartitions());
      GroupKeys.ByGroup byGroup = new GroupKeys.ByGroup(partitions);
      List<List<Tuple2<GroupKeys.Place, Row>>> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new ArrayList<>());
      }
      for (int i = 0; i < rows.size(); i++) {
        GroupKeys.Place place = new GroupKeys.Place(
            GroupKeys.canonical(rows.get(i).get(at), c.group(), i), i);
        parts.get(byGroup.getPartition(place)).add(new Tuple2<>(place, rows.get(i)));
      }
      List<Block> blocks = new ArrayList<>();
      GroupKeys.Order order = new GroupKeys.Order();
      for (List<Tuple2<GroupKeys.Place, Row>> part : parts) {
        part.sort((a, b) -> order.compare(a._1(), b._1()));
        blocks.addAll(groupBlocks(part.iterator(), c, rawD, d, m, g, blockSize));
      }
      blocks.sort((a, b) -> Long.compare(a.rowKeys[0], b.rowKeys[0]));
      return blocks;
    }

  }

  /** The blocks of one partition's ungrouped rows, each with its global index. */
  private static List<Block> rowBlocks(Iterator<Tuple2<Row, Long>> it, Columns c, int rawD,
      int d, int m, int g, int blockSize) {
    BlockBuilder bb = new BlockBuilder(d, m, blockSize, c.features(), c.label(),
        c.weight(), g, c.gateFeatures()).withRowColumns(c.offset(), c.trials())
        .withFamilyColumns(c.family());
    double[] x = new double[d];
    double[] y = new double[m];
    double[] gx = new double[g];
    double[] fx = new double[c.family().size()];
    while (it.hasNext()) {
      Tuple2<Row, Long> t = it.next();
      Row row = t._1();
      long index = t._2();
      readRow(row, index, c, rawD, x, y);
      addRow(bb, row, index, c, x, y, gx, fx);
    }
    return bb.finish();
  }

  /** Validates the columns, selects them and reads the widths off the first row. */
  private static Selection select(Dataset<Row> data, Columns cols, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + depth);
    }
    StructType schema = data.schema();
    requireVector(schema, cols.features(), "features");
    DataType labelType = field(schema, cols.label(), "label").dataType();
    boolean vectorLabel = labelType instanceof VectorUDT;
    if (!vectorLabel && !(labelType instanceof NumericType)) {
      throw new IllegalArgumentException("label column '" + cols.label() + "' has type "
          + labelType.simpleString() + "; expected a numeric type or a vector");
    }
    boolean weighted = cols.weight() != null && !cols.weight().isEmpty();
    if (weighted) {
      DataType wt = field(schema, cols.weight(), "weight").dataType();
      if (!(wt instanceof NumericType)) {
        throw new IllegalArgumentException("weight column '" + cols.weight() + "' has type "
            + wt.simpleString() + "; expected a numeric type");
      }
    }
    boolean gated = cols.hasGateFeatures();
    if (gated) {
      requireVector(schema, cols.gateFeatures(), "gate features");
    }
    List<Column> picked = new ArrayList<>(List.of(data.col(cols.features()),
        data.col(cols.label())));
    if (weighted) {
      picked.add(data.col(cols.weight()));
    }
    if (cols.hasOffset()) {
      picked.add(numeric(data, schema, cols.offset(), "offset"));
    }
    if (cols.hasTrials()) {
      picked.add(numeric(data, schema, cols.trials(), "trials"));
    }
    if (gated) {
      picked.add(data.col(cols.gateFeatures()));
    }
    for (FamilyColumn f : cols.family()) {
      picked.add(numeric(data, schema, f.column(), f.role()));
    }
    final int gateAt = cols.gateField();
    if (cols.isGrouped()) {
      DataType gt = field(schema, cols.group(), "group").dataType();
      if (!GroupKeys.supported(gt)) {
        throw new IllegalArgumentException("group column '" + cols.group() + "' has type "
            + gt.simpleString() + "; expected a string, integer or floating point type");
      }
      picked.add(data.col(cols.group()));
    }
    Dataset<Row> selected = data.select(picked.toArray(new Column[0]));
    List<Row> first = selected.limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("the input has no rows; expected at least one");
    }
    Row r0 = first.get(0);
    if (r0.isNullAt(0)) {
      throw new IllegalArgumentException("column '" + cols.features() + "': row 0 is null");
    }
    final int rawD = ((Vector) r0.get(0)).size();
    final int d = rawD + (cols.appendIntercept() ? 1 : 0);
    final int m = vectorLabel ? (r0.isNullAt(1) ? 1 : ((Vector) r0.get(1)).size()) : 1;
    if (gated && r0.isNullAt(gateAt)) {
      throw new IllegalArgumentException("column '" + cols.gateFeatures() + "': row 0 is null");
    }
    final int g = gated ? ((Vector) r0.get(gateAt)).size() : 0;
    return new Selection(selected, cols, rawD, d, m, g);
  }

  /**
   * Reads the gate inputs vector in field {@code at} of a row into {@code out}, checking null
   * and length (finiteness is checked by the {@link BlockBuilder}).
   *
   * @param row the row
   * @param at the field of the gate inputs vector
   * @param index the row's index, for messages
   * @param name the gate inputs column, for messages
   * @param out the gate inputs (its length is the expected one)
   * @throws IllegalArgumentException naming the column on a bad row
   */
  public static void readGateInputs(Row row, int at, long index, String name, double[] out) {
    if (row.isNullAt(at)) {
      throw new IllegalArgumentException("column '" + name + "': row " + index + " is null");
    }
    Vector v = (Vector) row.get(at);
    if (v.size() != out.length) {
      throw new IllegalArgumentException("column '" + name + "': row " + index + " has "
          + v.size() + " gate inputs, expected " + out.length);
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = v.apply(j);
    }
  }

  /**
   * Adds a read row to the builder, with its weight, offset, trials, gate inputs (read into
   * {@code gx}) and family columns (read into {@code fx}) when named.
   */
  private static void addRow(BlockBuilder bb, Row row, long index, Columns c, double[] x,
      double[] y, double[] gx, double[] fx) {
    double w = weightOf(row, index, c);
    if (c.hasGateFeatures()) {
      readGateInputs(row, c.gateField(), index, c.gateFeatures(), gx);
    }
    readFamilyColumns(row, c.familyField(), index, c.family(), fx);
    bb.add(index, x, y, w, optional(row, c.offsetField(), c.offset(), index, 0.0),
        optional(row, c.trialsField(), c.trials(), index, 1.0),
        c.hasGateFeatures() ? gx : null, fx.length == 0 ? null : fx);
  }

  /**
   * Reads a row's family columns, from field {@code at} on in the order of {@code family},
   * into {@code out} (a null as its column says; ranges are checked by the {@link
   * BlockBuilder}).
   *
   * @param row the row
   * @param at the field of the first family column
   * @param index the row's index, for messages
   * @param family the family columns
   * @param out their values (length family.size())
   * @throws IllegalArgumentException naming the column on a refused null
   */
  public static void readFamilyColumns(Row row, int at, long index, List<FamilyColumn> family,
      double[] out) {
    for (int j = 0; j < out.length; j++) {
      out[j] = family.get(j).read(row.get(at + j), index);
    }
  }

  /** The case weight of a selected row (field 2 when weighted), checked for null. */
  private static double weightOf(Row row, long index, Columns c) {
    if (!c.isWeighted()) {
      return 1.0;
    }
    if (row.isNullAt(2)) {
      throw new IllegalArgumentException("column '" + c.weight() + "': row " + index
          + " is null");
    }
    return ((Number) row.get(2)).doubleValue();
  }

  /**
   * The grouped layout: rows keyed by (group key, input index), one shuffle that sends each
   * group to one partition sorted by key and index, then blocks of whole groups.
   */
  private static JavaRDD<Block> groupedBlocks(Dataset<Row> selected, Columns c, int rawD, int d,
      int m, int g, int blockSize) {
    int at = selected.schema().size() - 1;
    int partitions = Math.max(1, selected.rdd().getNumPartitions());
    return selected.javaRDD().zipWithIndex()
        .mapToPair(t -> new Tuple2<>(new GroupKeys.Place(
            GroupKeys.canonical(t._1().get(at), c.group(), t._2()), t._2()), t._1()))
        .repartitionAndSortWithinPartitions(new GroupKeys.ByGroup(partitions),
            new GroupKeys.Order())
        .mapPartitions((Iterator<Tuple2<GroupKeys.Place, Row>> it) ->
            groupBlocks(it, c, rawD, d, m, g, blockSize).iterator());
  }

  /** The blocks of one partition's grouped rows, sorted by group key and index. */
  private static List<Block> groupBlocks(Iterator<Tuple2<GroupKeys.Place, Row>> it, Columns c,
      int rawD, int d, int m, int g, int blockSize) {
    BlockBuilder bb = new BlockBuilder(d, m, blockSize, c.features(), c.label(),
        c.weight(), g, c.gateFeatures()).withRowColumns(c.offset(), c.trials())
        .withFamilyColumns(c.family());
    if (c.constantFeaturesInGroups()) {
      bb.requireConstantFeaturesInGroups(g > 0 ? c.gateFeatures() : c.features());
    }
    double[] x = new double[d];
    double[] y = new double[m];
    double[] gx = new double[g];
    double[] fx = new double[c.family().size()];
    Object current = null;
    while (it.hasNext()) {
      Tuple2<GroupKeys.Place, Row> t = it.next();
      GroupKeys.Place place = t._1();
      if (!place.key().equals(current)) {
        current = place.key();
        bb.startGroup(current);
      }
      readRow(t._2(), place.index(), c, rawD, x, y);
      addRow(bb, t._2(), place.index(), c, x, y, gx, fx);
    }
    return bb.finish();
  }

  /**
   * The column of that exact name, quoted so that dots, spaces, backticks and other characters
   * are part of the name (Spark otherwise reads {@code a.b} as field b of struct a).
   *
   * @param name a top-level column name
   * @return the column
   */
  public static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * Like {@link #fromDataset} for plain numeric columns: one column per feature instead of a
   * vector column. Selecting and casting them to double are Catalyst expressions, so that the
   * Spark RAPIDS plugin can read, project and cast on the GPU (no VectorAssembler, no vector
   * type; see {@code docs/gpu.md}); the rows then become blocks on the CPU. On a CPU it also
   * skips the vector (de)serialisation of every row.
   *
   * @param data the rows
   * @param features the numeric feature columns, in order
   * @param label the numeric label column
   * @param weight the numeric weight column, or null or empty for weight one
   * @param appendIntercept adds a constant 1 as the last feature
   * @param blockSize rows per block
   * @param depth {@code treeAggregate} depth (at least 1)
   * @param level storage level of the cached blocks
   * @throws IllegalArgumentException naming the column on any bad input
   */
  public static SparkSource fromColumns(Dataset<Row> data, String[] features, String label,
      String weight, boolean appendIntercept, int blockSize, int depth, StorageLevel level) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + depth);
    }
    if (features == null || features.length == 0) {
      throw new IllegalArgumentException("features: expected at least one feature column");
    }
    StructType schema = data.schema();
    boolean weighted = weight != null && !weight.isEmpty();
    List<String> names = new ArrayList<>(List.of(features));
    names.add(label);
    if (weighted) {
      names.add(weight);
    }
    List<String> roles = new ArrayList<>();
    for (int j = 0; j < features.length; j++) {
      roles.add("feature");
    }
    roles.add("label");
    roles.add("weight");
    Column[] selected = new Column[names.size()];
    for (int j = 0; j < names.size(); j++) {
      DataType t = field(schema, names.get(j), roles.get(j)).dataType();
      if (!(t instanceof NumericType)) {
        throw new IllegalArgumentException(roles.get(j) + " column '" + names.get(j)
            + "' has type " + t.simpleString() + "; expected a numeric type");
      }
      selected[j] = column(names.get(j)).cast(DataTypes.DoubleType);
    }
    final int rawD = features.length;
    final int d = rawD + (appendIntercept ? 1 : 0);
    final String[] cols = names.toArray(new String[0]);
    JavaRDD<Block> blocks = data.select(selected).javaRDD().zipWithIndex().mapPartitions(
        (Iterator<Tuple2<Row, Long>> it) -> {
          BlockBuilder bb = new BlockBuilder(d, 1, blockSize, String.join(",",
              List.of(cols).subList(0, rawD)), cols[rawD], weighted ? cols[rawD + 1] : null);
          double[] x = new double[d];
          double[] y = new double[1];
          if (d > rawD) {
            x[rawD] = 1.0;
          }
          while (it.hasNext()) {
            Tuple2<Row, Long> t = it.next();
            Row row = t._1();
            long index = t._2();
            for (int j = 0; j < row.size(); j++) {
              if (row.isNullAt(j)) {
                throw new IllegalArgumentException("column '" + cols[j] + "': row " + index
                    + " is null");
              }
            }
            for (int j = 0; j < rawD; j++) {
              x[j] = row.getDouble(j);
            }
            y[0] = row.getDouble(rawD);
            bb.add(index, x, y, weighted ? row.getDouble(rawD + 1) : 1.0);
          }
          return bb.finish().iterator();
        });
    return cache(blocks, d, 1, depth, level, weight);
  }

  /** Persists the blocks, counts rows and weight, and checks the total weight. */
  private static SparkSource cache(JavaRDD<Block> blocks, int d, int m, int depth,
      StorageLevel level, String weightName) {
    blocks.persist(level);
    Totals totals;
    try {
      totals = blocks.treeAggregate(new Totals(),
          (acc, b) -> {
            acc.rows += b.n;
            acc.weight += b.totalWeight();
            acc.hash += b.contentHash();
            return acc;
          },
          (a, b) -> {
            a.rows += b.rows;
            a.weight += b.weight;
            a.hash += b.hash;
            return a;
          }, depth);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      blocks.unpersist(false);
      throw unwrap(e);
    }
    try {
      checkWeights(totals.weight, totals.rows, weightName);
    } catch (IllegalArgumentException e) {
      blocks.unpersist(false);
      throw e;
    }
    return new SparkSource(blocks, d, m, totals, depth);
  }

  /** Refuses weights that sum to zero or less, or so small on average that they underflow. */
  private static void checkWeights(double weight, long rows, String weightName) {
    if (!(weight > 0)) {
      throw new IllegalArgumentException("weight column '" + weightName
          + "': the weights sum to " + weight + "; expected a positive total");
    }
    if (weight < MIN_MEAN_WEIGHT * rows) {
      throw new IllegalArgumentException("weight column '" + weightName + "': the weights"
          + " average " + String.format(java.util.Locale.ROOT, "%.3g", weight / rows)
          + "; below " + MIN_MEAN_WEIGHT
          + " on average they underflow in the fit (a subnormal weight loses its digits);"
          + " multiply them by a constant");
    }
  }

  /** The smallest average case weight a fit takes ({@code cache} refuses smaller). */
  static final double MIN_MEAN_WEIGHT = 1e-100;

  /** The rows, total weight and {@link Block#contentHash()} of the blocks, summed. */
  private static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    double weight;
    long hash;
  }

  /**
   * Reads one row of (features, label) into {@code x} (with the constant 1 appended when
   * {@code x} has room for it) and {@code y}, checking nulls and lengths.
   *
   * @param row a row whose fields 0 and 1 are the features and the label
   * @param index the row's index, for messages
   * @param c the column names, for messages
   * @param rawD expected length of the features vector
   * @throws IllegalArgumentException naming the column on a bad row
   */
  public static void readRow(Row row, long index, Columns c, int rawD, double[] x,
      double[] y) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("column '" + c.features() + "': row " + index
          + " is null");
    }
    Vector v = (Vector) row.get(0);
    if (v.size() != rawD) {
      throw new IllegalArgumentException("column '" + c.features() + "': row " + index
          + " has " + v.size() + " features, expected " + rawD);
    }
    for (int j = 0; j < rawD; j++) {
      x[j] = v.apply(j);
    }
    if (x.length > rawD) {
      x[rawD] = 1.0;
    }
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("column '" + c.label() + "': row " + index
          + " is null");
    }
    Object label = row.get(1);
    if (label instanceof Vector lv) {
      if (lv.size() != y.length) {
        throw new IllegalArgumentException("column '" + c.label() + "': row " + index
            + " has " + lv.size() + " outputs, expected " + y.length);
      }
      for (int j = 0; j < y.length; j++) {
        y[j] = lv.apply(j);
      }
    } else {
      y[0] = ((Number) label).doubleValue();
    }
  }

  /** The named numeric column as a double (the role names it in messages). */
  private static Column numeric(Dataset<Row> data, StructType schema, String name, String role) {
    DataType t = field(schema, name, role).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(role + " column '" + name + "' has type "
          + t.simpleString() + "; expected a numeric type");
    }
    return data.col(name).cast(DataTypes.DoubleType);
  }

  /** Field {@code at} of the row as a double, {@code absent} when at < 0; nulls refused. */
  private static double optional(Row row, int at, String name, long index, double absent) {
    if (at < 0) {
      return absent;
    }
    if (row.isNullAt(at)) {
      throw new IllegalArgumentException("column '" + name + "': row " + index + " is null");
    }
    return row.getDouble(at);
  }

  private static StructField field(StructType schema, String name, String role) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(role + " column name is empty");
    }
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(role + " column '" + name + "' does not exist; columns: "
        + String.join(", ", schema.fieldNames()));
  }

  private static void requireVector(StructType schema, String name, String role) {
    DataType t = field(schema, name, role).dataType();
    if (!(t instanceof VectorUDT)) {
      throw new IllegalArgumentException(role + " column '" + name + "' has type "
          + t.simpleString() + "; expected a vector (use VectorAssembler)");
    }
  }

  /**
   * Returns the user's IllegalArgumentException, or the numerical ArithmeticException, when a
   * task failed with one (re-created on the driver with its message, the task failure as its
   * cause), otherwise the exception itself (a checked one, such as the SparkException that
   * Spark throws undeclared, wrapped in an IllegalStateException).
   */
  public static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return new IllegalArgumentException(iae.getMessage(), e);
      }
      if (t instanceof ArithmeticException ae) {
        return (ArithmeticException) new ArithmeticException(ae.getMessage()).initCause(e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (!(t instanceof SparkException)) {
        continue;
      }
      String msg = String.valueOf(t.getMessage());
      for (String kind : new String[] {"java.lang.IllegalArgumentException: ",
          "java.lang.ArithmeticException: "}) {
        int at = msg.indexOf(kind);
        if (at >= 0) {
          String rest = msg.substring(at + kind.length());
          String text = rest.indexOf('\n') < 0 ? rest : rest.substring(0, rest.indexOf('\n'));
          return kind.startsWith("java.lang.Ill") ? new IllegalArgumentException(text, e)
              : (ArithmeticException) new ArithmeticException(text).initCause(e);
        }
      }
    }
    return e instanceof RuntimeException r ? r
        : new IllegalStateException("Spark job failed: " + e.getMessage(), e);
  }

  /** The cached blocks. */
  public JavaRDD<Block> blocks() {
    return blocks;
  }

  @Override
  public int numFeatures() {
    return d;
  }

  @Override
  public int numOutputs() {
    return m;
  }

  /** Number of the gate's own inputs per row, or 0 when the gate reads the features. */
  public int numGateInputs() {
    return gateInputs;
  }

  @Override
  public long numRows() {
    return rows;
  }

  @Override
  public double totalWeight() {
    return weight;
  }

  @Override
  public long contentHash() {
    return hash;
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> S aggregate(P params,
      Supplier<S> zero, BlockFold<P, S> fold) {
    Broadcast<P> bc = blocks.context().broadcast(params,
        scala.reflect.ClassTag$.MODULE$.apply(Object.class));
    try {
      return blocks.treeAggregate(zero.get(),
          (acc, b) -> {
            fold.add(bc.value(), b, acc);
            return acc;
          },
          (a, b) -> a.merge(b), depth);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      throw unwrap(e);
    } finally {
      bc.destroy();
    }
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(
      P params, Supplier<S> zero, StateFold<P, S> fold, RowState previous,
      boolean checkpoint) {
    Broadcast<P> bc = blocks.context().broadcast(params,
        scala.reflect.ClassTag$.MODULE$.apply(Object.class));
    S zeroValue = zero.get();
    JavaRDD<PartitionResult<S>> results;
    if (previous == null) {
      results = blocks.mapPartitions(it -> {
        S acc = zeroValue;
        List<double[]> states = new ArrayList<>();
        while (it.hasNext()) {
          states.add(fold.add(bc.value(), it.next(), null, acc));
        }
        return List.of(new PartitionResult<>(acc, states)).iterator();
      });
    } else {
      JavaRDD<double[]> prev = ((RddState) previous).states;
      results = blocks.zipPartitions(prev, (it, st) -> {
        S acc = zeroValue;
        List<double[]> states = new ArrayList<>();
        while (it.hasNext()) {
          states.add(fold.add(bc.value(), it.next(), st.next(), acc));
        }
        return List.of(new PartitionResult<>(acc, states)).iterator();
      });
    }
    results.persist(StorageLevel.MEMORY_AND_DISK());
    // cut the state's lineage every pass (to reliable storage when asked and possible), so
    // that a pass never reaches back further than the previous state; the next pass's tasks
    // still carry this RDD's closure, so the broadcast lives until the state is released
    boolean reliable = checkpoint && blocks.context().getCheckpointDir().isDefined();
    if (reliable) {
      results.rdd().checkpoint();
    } else {
      results.rdd().localCheckpoint();
    }
    try {
      S stats = results.map(r -> r.stats).treeReduce((a, b) -> a.merge(b), depth);
      JavaRDD<double[]> states = results.flatMap(r -> r.states.iterator());
      // the broadcast stays alive with the state: the cached RDD's closure still refers to it
      return new Stateful<>(stats, new RddState(results, states, bc, reliable));
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      results.unpersist(false);
      bc.destroy();
      throw unwrap(e);
    }
  }

  @Override
  public boolean distributed() {
    return true;
  }

  @Override
  public RowValues collect(RowState state) {
    JavaRDD<double[]> states = ((RddState) state).states;
    List<RowValues> parts = blocks.zipPartitions(states, (bs, ss) -> {
      List<Block> own = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      while (bs.hasNext()) {
        own.add(bs.next());
        values.add(ss.next());
      }
      return List.of(RowValues.of(own, values)).iterator();
    }).collect();
    int objects = 0;
    int width = 1;
    for (RowValues p : parts) {
      objects += p.keys().length;
      width = p.keys().length > 0 ? p.width() : width;
    }
    long[] keys = new long[objects];
    double[] values = new double[objects * width];
    int at = 0;
    for (RowValues p : parts) {
      System.arraycopy(p.keys(), 0, keys, at, p.keys().length);
      System.arraycopy(p.values(), 0, values, at * width, p.values().length);
      at += p.keys().length;
    }
    return new RowValues(keys, values, width);
  }

  @Override
  public RowState restore(RowValues values) {
    Broadcast<RowValues> bc = blocks.context().broadcast(values,
        scala.reflect.ClassTag$.MODULE$.apply(RowValues.class));
    JavaRDD<double[]> states = blocks.mapPartitions(it -> {
      RowValues v = bc.value();
      java.util.Map<Long, Integer> at = v.index();
      List<double[]> out = new ArrayList<>();
      while (it.hasNext()) {
        out.add(v.stateOf(it.next(), at));
      }
      return out.iterator();
    });
    states.persist(StorageLevel.MEMORY_AND_DISK());
    states.rdd().localCheckpoint();
    try {
      states.count();
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      states.unpersist(false);
      bc.destroy();
      throw unwrap(e);
    }
    return new RddState(states, states, bc, false);
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  private record PartitionResult<S>(S stats, List<double[]> states) implements Serializable {}

  private record RddState(JavaRDD<?> cached, JavaRDD<double[]> states, Broadcast<?> params,
      boolean reliable) implements RowState {
    @Override
    public void release() {
      cached.unpersist(false);
      if (reliable) {
        deleteCheckpoint(cached);
      }
      params.destroy();
    }
  }

  /** Removes a replaced state's checkpoint files (Spark keeps them otherwise). */
  private static void deleteCheckpoint(JavaRDD<?> rdd) {
    scala.Option<String> file = rdd.rdd().getCheckpointFile();
    if (file.isEmpty()) {
      return;
    }
    Path path = new Path(file.get());
    try {
      path.getFileSystem(rdd.context().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      LOG.warn("could not delete the old checkpoint {}: {}", path, e.toString());
    }
  }

}
