package org.mixturelib.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Rows of a Spark {@code Dataset}, converted once into an RDD of {@link Block}s that is
 * persisted ({@code MEMORY_AND_DISK} by default, so data larger than memory spills) for the
 * whole fit. Each pass broadcasts the parameters, folds the blocks with {@code treeAggregate}
 * and destroys the broadcast.
 */
public final class SparkSource implements DataSource {
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

  /** Which columns to read and how to lay the blocks out. */
  public record Columns(String features, String label, String weight, boolean appendIntercept)
      implements Serializable {}

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
    Dataset<Row> selected = weighted
        ? data.select(cols.features(), cols.label(), cols.weight())
        : data.select(cols.features(), cols.label());
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
              c.weight());
          double[] x = new double[d];
          double[] y = new double[m];
          while (it.hasNext()) {
            Tuple2<Row, Long> t = it.next();
            Row row = t._1();
            long index = t._2();
            readRow(row, index, c, rawD, x, y);
            double w = 1.0;
            if (row.size() > 2) {
              if (row.isNullAt(2)) {
                throw new IllegalArgumentException("column '" + c.weight() + "': row " + index
                    + " is null");
              }
              w = ((Number) row.get(2)).doubleValue();
            }
            bb.add(index, x, y, w);
          }
          return bb.finish().iterator();
        });
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
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw unwrap(e);
    }
    if (!(totals[1] > 0)) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("weight column '" + cols.weight()
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
   * Returns the user's IllegalArgumentException when a task failed with one, otherwise the
   * exception itself.
   */
  public static RuntimeException unwrap(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return new IllegalArgumentException(iae.getMessage(), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (!(t instanceof SparkException)) {
        continue;
      }
      String msg = String.valueOf(t.getMessage());
      int at = msg.indexOf("java.lang.IllegalArgumentException: ");
      if (at >= 0) {
        String rest = msg.substring(at + "java.lang.IllegalArgumentException: ".length());
        int nl = rest.indexOf('\n');
        return new IllegalArgumentException(nl < 0 ? rest : rest.substring(0, nl), e);
      }
    }
    return e;
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
    } catch (RuntimeException e) {
      throw unwrap(e);
    } finally {
      bc.destroy();
    }
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(
      P params, Supplier<S> zero, StateFold<P, S> fold, RowState previous) {
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
    results.rdd().localCheckpoint();
    try {
      S stats = results.map(r -> r.stats).treeReduce((a, b) -> a.merge(b), depth);
      JavaRDD<double[]> states = results.flatMap(r -> r.states.iterator());
      // the broadcast stays alive with the state: the cached RDD's closure still refers to it
      return new Stateful<>(stats, new RddState(results, states, bc));
    } catch (RuntimeException e) {
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

  private record RddState(JavaRDD<?> cached, JavaRDD<double[]> states, Broadcast<?> params)
      implements RowState {
    @Override
    public void release() {
      cached.unpersist(false);
      params.destroy();
    }
  }
}
