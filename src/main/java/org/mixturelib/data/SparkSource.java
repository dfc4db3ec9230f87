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
  private final int depth;

  private SparkSource(JavaRDD<Block> blocks, int d, int m, long rows, double weight, int depth) {
    this.blocks = blocks;
    this.d = d;
    this.m = m;
    this.rows = rows;
    this.weight = weight;
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
   */
  public record Columns(String features, String label, String weight, boolean appendIntercept,
      String offset, String trials) implements Serializable {
    /** Columns without offsets and trials. */
    public Columns(String features, String label, String weight, boolean appendIntercept) {
      this(features, label, weight, appendIntercept, null, null);
    }

    /** Whether an offset column is named. */
    public boolean hasOffset() {
      return offset != null && !offset.isEmpty();
    }

    /** Whether a trials column is named. */
    public boolean hasTrials() {
      return trials != null && !trials.isEmpty();
    }
  }

  /**
   * Reads and validates the columns, builds the blocks and persists them.
   *
   * @param data the rows: a vector features column, a numeric or vector label column and an
   *     optional numeric weight column
   * @param cols the column names; {@code appendIntercept} adds a constant 1 as the last feature
   * @param blockSize rows per block
   * @param depth {@code treeAggregate} depth (at least 1)
   * @param level storage level of the cached blocks
   * @throws IllegalArgumentException naming the column on any bad input
   */
  public static SparkSource fromDataset(Dataset<Row> data, Columns cols, int blockSize,
      int depth, StorageLevel level) {
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
    List<Column> picked = new ArrayList<>(List.of(data.col(cols.features()),
        data.col(cols.label())));
    if (weighted) {
      picked.add(data.col(cols.weight()));
    }
    final int offsetAt = cols.hasOffset() ? picked.size() : -1;
    if (cols.hasOffset()) {
      picked.add(numeric(data, schema, cols.offset(), "offset"));
    }
    final int trialsAt = cols.hasTrials() ? picked.size() : -1;
    if (cols.hasTrials()) {
      picked.add(numeric(data, schema, cols.trials(), "trials"));
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
    final Columns c = cols;
    JavaRDD<Block> blocks = selected.javaRDD().zipWithIndex().mapPartitions(
        (Iterator<Tuple2<Row, Long>> it) -> {
          BlockBuilder bb = new BlockBuilder(d, m, blockSize, c.features(), c.label(),
              c.weight()).withRowColumns(c.offset(), c.trials());
          boolean rowColumns = offsetAt >= 0 || trialsAt >= 0;
          double[] x = new double[d];
          double[] y = new double[m];
          while (it.hasNext()) {
            Tuple2<Row, Long> t = it.next();
            Row row = t._1();
            long index = t._2();
            readRow(row, index, c, rawD, x, y);
            double w = 1.0;
            if (weighted) {
              if (row.isNullAt(2)) {
                throw new IllegalArgumentException("column '" + c.weight() + "': row " + index
                    + " is null");
              }
              w = ((Number) row.get(2)).doubleValue();
            }
            if (rowColumns) {
              bb.add(index, x, y, w, optional(row, offsetAt, c.offset(), index, 0.0),
                  optional(row, trialsAt, c.trials(), index, 1.0));
            } else {
              bb.add(index, x, y, w);
            }
          }
          return bb.finish().iterator();
        });
    return cache(blocks, d, m, depth, level, cols.weight());
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
    double[] totals;
    try {
      totals = blocks.treeAggregate(new double[2],
          (acc, b) -> {
            acc[0] += b.n;
            acc[1] += b.totalWeight();
            return acc;
          },
          (a, b) -> {
            a[0] += b[0];
            a[1] += b[1];
            return a;
          }, depth);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      blocks.unpersist(false);
      throw unwrap(e);
    }
    if (!(totals[1] > 0)) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("weight column '" + weightName
          + "': the weights sum to " + totals[1] + "; expected a positive total");
    }
    return new SparkSource(blocks, d, m, (long) totals[0], totals[1], depth);
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

  @Override
  public long numRows() {
    return rows;
  }

  @Override
  public double totalWeight() {
    return weight;
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
