package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.Spark;

/**
 * Grouped rows on Spark: each group gathered into one partition once, so that 1 or 8 input
 * partitions, groups split across the input's partitions, and the in-memory source give the
 * same model to 1e-9; bad group keys and group columns refused with the column and a key.
 */
class GroupedSparkTest {
  private static final Planted.Grouped DATA = Planted.groupedLines(60, 3);

  private static FitResult fit(DataSource source) {
    EmConfig config = new EmConfig().numInit(1).initMode(InitMode.RANDOM).maxIter(40).seed(5);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(Models.regressions(2, 2));
    }
  }

  /** The planted rows in their order (groups contiguous) or interleaved (row i of group i % G). */
  private static Dataset<Row> frame(int partitions, boolean interleaved) {
    int n = DATA.x().length;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(Vectors.dense(DATA.x()[i]), DATA.y()[i][0], DATA.group()[i]));
    }
    if (interleaved) {
      // row j of every group, then row j + 1 of every group, ...
      java.util.Map<Object, Integer> seen = new java.util.HashMap<>();
      long[] order = new long[n];
      for (int i = 0; i < n; i++) {
        order[i] = (long) seen.merge(DATA.group()[i], 1, Integer::sum) * n + i;
      }
      List<Row> sorted = new ArrayList<>();
      java.util.stream.IntStream.range(0, n).boxed()
          .sorted(java.util.Comparator.comparingLong(i -> order[i]))
          .forEach(i -> sorted.add(rows.get(i)));
      return frame(sorted, DataTypes.LongType, partitions);
    }
    return frame(rows, DataTypes.LongType, partitions);
  }

  private static Dataset<Row> frame(List<Row> rows, DataType groupType, int partitions) {
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("g", groupType, true, Metadata.empty())});
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    return Spark.session().createDataFrame(sc.parallelize(rows, partitions), schema);
  }

  private static SparkSource spark(Dataset<Row> frame, boolean constantFeatures) {
    return SparkSource.fromDataset(frame,
        new SparkSource.Columns("features", "label", null, false).grouped("g",
            constantFeatures), 64, 2, StorageLevel.MEMORY_AND_DISK());
  }

  private static void assertSame(FitResult a, FitResult b, String what) {
    double tol = 1e-9;
    assertEquals(a.iterations(), b.iterations(), what + ": iterations");
    assertEquals(a.logLikelihood(), b.logLikelihood(), tol * Math.abs(a.logLikelihood()),
        what + ": log-likelihood");
    assertEquals(a.numGroups(), b.numGroups(), what + ": groups");
    for (int e = 0; e < 2; e++) {
      double[] wa = LinearState.experts(a.state()).coefficients(e);
      double[] wb = LinearState.experts(b.state()).coefficients(e);
      for (int j = 0; j < wa.length; j++) {
        assertEquals(wa[j], wb[j], tol * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
      }
      assertEquals(a.clusterSizes()[e], b.clusterSizes()[e], 0, what + ": groups in " + e);
    }
  }

  @Test
  void oneOrEightPartitionsAndSplitGroupsGiveTheInMemoryModel() {
    FitResult memory = fit(InMemorySource.grouped(DATA.x(), DATA.y(), null, DATA.group(),
        false));
    assertEquals(60, memory.numGroups());
    assertSame(memory, fit(spark(frame(1, false), false)), "1 partition");
    assertSame(memory, fit(spark(frame(8, false), false)), "8 partitions");
    // every group's rows spread over all 8 input partitions; row order differs, so the start
    // draws differ: the same optimum, compared on the planted data's well-separated fit
    FitResult split = fit(spark(frame(8, true), false));
    FitResult splitOne = fit(spark(frame(1, true), false));
    assertSame(splitOne, split, "interleaved groups, 1 vs 8 partitions");
    assertEquals(memory.logLikelihood(), split.logLikelihood(),
        1e-6 * Math.abs(memory.logLikelihood()), "interleaved vs contiguous");
  }

  @Test
  void badGroupKeysAndColumnsNameTheColumnAndAKey() {
    List<Row> rows = new ArrayList<>();
    LongFunction<Row> row = i -> RowFactory.create(Vectors.dense(1, i % 3), (double) i, i / 2);
    for (long i = 0; i < 10; i++) {
      rows.add(row.apply(i));
    }
    rows.set(7, RowFactory.create(Vectors.dense(1, 0.5), 1.0, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark(frame(rows, DataTypes.LongType, 2), false));
    assertTrue(e.getMessage().contains("group column 'g'") && e.getMessage().contains("row 7")
        && e.getMessage().contains("null"), e.getMessage());

    List<Row> nan = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      nan.add(RowFactory.create(Vectors.dense(1, i), (double) i, i == 4 ? Double.NaN : 1.0));
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> spark(frame(nan, DataTypes.DoubleType, 2), false));
    assertTrue(e.getMessage().contains("group column 'g'") && e.getMessage().contains("NaN")
        && e.getMessage().contains("row 4"), e.getMessage());

    List<Row> bool = new ArrayList<>();
    for (long i = 0; i < 4; i++) {
      bool.add(RowFactory.create(Vectors.dense(1, i), (double) i, i > 1));
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> spark(frame(bool, DataTypes.BooleanType, 1), false));
    assertTrue(e.getMessage().contains("group column 'g' has type boolean"), e.getMessage());

    // a gate reading the features sees one row per group: varying features are refused
    List<Row> varying = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      varying.add(RowFactory.create(Vectors.dense(1, i == 5 ? 9 : i / 2), (double) i, i / 2));
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> spark(frame(varying, DataTypes.LongType, 3), true));
    assertTrue(e.getMessage().contains("column 'features'")
        && e.getMessage().contains("group '2'") && e.getMessage().contains("row 5"),
        e.getMessage());
  }

  @Test
  void theGatesOwnInputsNotTheFeaturesMustBeConstantWithinAGroup() {
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("g", DataTypes.LongType, true, Metadata.empty()),
        new StructField("gx", new VectorUDT(), false, Metadata.empty())});
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    SparkSource.Columns columns = new SparkSource.Columns("features", "label", null, false)
        .grouped("g", true).withGateFeatures("gx");
    // the features vary inside every group, the gate's inputs do not: accepted
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      rows.add(RowFactory.create(Vectors.dense(1, i), (double) i, i / 2,
          Vectors.dense(i / 2)));
    }
    try (SparkSource ok = SparkSource.fromDataset(Spark.session().createDataFrame(
        sc.parallelize(rows, 2), schema), columns, 64, 2, StorageLevel.MEMORY_AND_DISK())) {
      assertEquals(10, ok.numRows());
    }
    // a gate input that varies inside group 3 is refused, naming the gate's column
    rows.set(7, RowFactory.create(Vectors.dense(1, 7), 7.0, 3L, Vectors.dense(9)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkSource.fromDataset(Spark.session().createDataFrame(sc.parallelize(rows, 2),
            schema), columns, 64, 2, StorageLevel.MEMORY_AND_DISK()));
    assertTrue(e.getMessage().contains("column 'gx'") && e.getMessage().contains("group '3'")
        && e.getMessage().contains("row 7") && e.getMessage().contains("gate input 0"),
        e.getMessage());
  }

  @Test
  void aGateOnGroupConstantInputsLearnsFromOneRowPerGroup() {
    // the gate's input is constant within each group (one draw per group) and decides the
    // group's line; the fit on 1 and 4 partitions agree and the gate separates the lines
    java.util.Random r = new java.util.Random(9);
    List<Row> rows = new ArrayList<>();
    for (long g = 0; g < 80; g++) {
      double z = 4 * r.nextDouble() - 2;
      boolean first = r.nextDouble() < 1 / (1 + Math.exp(-3 * z));
      int size = 5 + r.nextInt(10);
      for (int i = 0; i < size; i++) {
        double y = (first ? 2 : -2) + 0.5 * r.nextGaussian();
        rows.add(RowFactory.create(Vectors.dense(1, z), y, g));
      }
    }
    FitResult[] fits = new FitResult[2];
    for (int t = 0; t < 2; t++) {
      try (SparkSource s = spark(frame(rows, DataTypes.LongType, t == 0 ? 1 : 4), true)) {
        LinearExperts experts = new LinearExperts(2, 2, 1);
        fits[t] = new EmEngine(s, List.of(), new EmConfig().numInit(2).seed(3).gateTol(1e-12)
            .gateMaxIter(200)).fit(new MixtureState(experts, new LinearGate(2, 2)));
      }
    }
    assertEquals(fits[0].logLikelihood(), fits[1].logLikelihood(),
        1e-9 * Math.abs(fits[0].logLikelihood()));
    assertEquals(80, fits[0].numGroups());
    double[] rel = ((LinearGate) fits[0].state().gate()).relativeCoefficients()[0];
    // the gate's slope on z: about 3 in size (sign depends on the components' order)
    assertTrue(Math.abs(rel[2]) > 1.5, "gate slope " + rel[2]);
  }
}
