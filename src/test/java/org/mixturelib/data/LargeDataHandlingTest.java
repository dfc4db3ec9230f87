package org.mixturelib.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Spark;

/**
 * How rows are split, where they are cached and whether the per-row state is checkpointed must
 * not change a fit: one partition equals many, DISK_ONLY equals memory, checkpointed equals not.
 */
class LargeDataHandlingTest {
  private static final int N = 1500;
  private static final int D = 2;
  private static final int K = 2;
  private static double[][] x;
  private static double[][] y;

  private static SparkSession spark() {
    return Spark.session();
  }

  /** Two planted lines y = 3 x1 - x2 + 1 and y = -2 x1 + 2 x2 - 1, noise sd 0.5 and 1. */
  private static synchronized void planted() {
    if (x != null) {
      return;
    }
    SplittableRandom r = new SplittableRandom(2024);
    x = new double[N][D];
    y = new double[N][1];
    for (int i = 0; i < N; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      boolean first = r.nextDouble() < 0.6;
      y[i][0] = first ? 3 * x[i][0] - x[i][1] + 1 + 0.5 * r.nextGaussian()
          : -2 * x[i][0] + 2 * x[i][1] - 1 + r.nextGaussian();
    }
  }

  /** The planted rows in order, split into contiguous partitions. */
  private static Dataset<Row> frame(int partitions) {
    planted();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0]));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark().sparkContext());
    return spark().createDataFrame(sc.parallelize(rows, partitions), schema);
  }

  private static SparkSource source(int partitions, int blockSize, StorageLevel level) {
    return SparkSource.fromDataset(frame(partitions),
        new SparkSource.Columns("features", "label", null, true), blockSize, 2, level);
  }

  private static MixtureState start(Gate gate) {
    LinearExperts e = new LinearExperts(K, D + 1, 1);
    return new MixtureState(e, gate);
  }

  private static EmConfig config() {
    // localRows 0: Spark sources stay on Spark (their lineage and checkpoints are tested)
    return new EmConfig().numInit(2).initIterations(3).maxIter(40).tol(1e-9).seed(5)
        .localRows(0);
  }

  private static FitResult fit(DataSource data, Gate gate, EmConfig config) {
    return new EmEngine(data, List.of(), config).fit(start(gate));
  }

  private static Gate dirichlet() {
    return new HyperModelDirichlet(new double[] {1, 1}, false);
  }

  private static void assertSameFit(FitResult want, FitResult got, double rel) {
    assertEquals(want.iterations(), got.iterations(), "iterations");
    assertEquals(want.logLikelihood(), got.logLikelihood(),
        rel * Math.abs(want.logLikelihood()), "log-likelihood");
    for (int k = 0; k < K; k++) {
      double[] a = LinearState.experts(want.state()).coefficients(k);
      double[] b = LinearState.experts(got.state()).coefficients(k);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], rel * Math.max(1, Math.abs(a[j])), "expert " + k + " w" + j);
      }
      assertEquals(want.componentWeights()[k], got.componentWeights()[k],
          rel * N, "weight of component " + k);
    }
    assertArrayEquals(LinearState.experts(want.state()).noiseVariances(),
        LinearState.experts(got.state()).noiseVariances(), rel * 10);
  }

  @Test
  void onePartitionEqualsMany() {
    planted();
    FitResult memory = fit(new InMemorySource(BlockBuilder.fromArrays(addOnes(x), y, null, N)),
        dirichlet(), config());
    FitResult smallBlocks = fit(new InMemorySource(BlockBuilder.fromArrays(addOnes(x), y, null,
        97)), dirichlet(), config());
    assertSameFit(memory, smallBlocks, 1e-9);
    try (SparkSource one = source(1, 4096, StorageLevel.MEMORY_AND_DISK());
        SparkSource many = source(7, 64, StorageLevel.MEMORY_AND_DISK())) {
      assertEquals(1, one.blocks().getNumPartitions());
      assertEquals(7, many.blocks().getNumPartitions());
      assertSameFit(memory, fit(one, dirichlet(), config()), 1e-9);
      assertSameFit(memory, fit(many, dirichlet(), config()), 1e-9);
    }
    // the planted lines are found (so the comparison is between real fits)
    double[] w = LinearState.experts(memory.state()).coefficients(0);
    double[] v = LinearState.experts(memory.state()).coefficients(1);
    double[] first = w[0] > 0 ? w : v;
    assertEquals(3.0, first[0], 0.15);
    assertEquals(-1.0, first[1], 0.15);
    assertEquals(1.0, first[2], 0.15);
  }

  @Test
  void dataCachedOnDiskFitsLikeDataInMemory() {
    try (SparkSource memory = source(3, 128, StorageLevel.MEMORY_ONLY());
        SparkSource disk = source(3, 128, StorageLevel.DISK_ONLY())) {
      assertEquals(StorageLevel.DISK_ONLY(), disk.blocks().getStorageLevel());
      FitResult a = fit(memory, dirichlet(), config());
      FitResult b = fit(disk, dirichlet(), config());
      assertSameFit(a, b, 1e-12);
    }
  }

  @Test
  void checkpointedRowStateFitsLikeUncheckpointed(@TempDir Path dir) throws IOException {
    spark().sparkContext().setCheckpointDir(dir.toString());
    try (SparkSource data = source(3, 128, StorageLevel.MEMORY_AND_DISK())) {
      FitResult without = fit(data, new HyperModelGateSparsed(K),
          config().numInit(1).maxIter(8).checkpointInterval(-1));
      FitResult with = fit(data, new HyperModelGateSparsed(K),
          config().numInit(1).maxIter(8).checkpointInterval(1));
      assertSameFit(without, with, 1e-12);
      assertArrayEquals(without.boundHistory(), with.boundHistory(), 1e-9 * N);
    }
    assertEquals(0, checkpointFiles(dir), "replaced states' checkpoints are removed");
  }

  @Test
  void checkpointWritesTheStateAndReleaseRemovesIt(@TempDir Path dir) throws IOException {
    spark().sparkContext().setCheckpointDir(dir.toString());
    try (SparkSource data = source(2, 100, StorageLevel.MEMORY_AND_DISK())) {
      StateFold<Double, Sum> fold = (p, b, prev, acc) -> {
        double[] st = new double[b.n];
        for (int i = 0; i < b.n; i++) {
          st[i] = (prev == null ? 0 : prev[i]) + p * b.y(i, 0);
          acc.value += st[i];
        }
        return st;
      };
      DataSource.Stateful<Sum> first = data.aggregateWithState(1.0, Sum::new, fold, null, true);
      assertTrue(checkpointFiles(dir) > 0, "the state was written to the checkpoint directory");
      DataSource.Stateful<Sum> second = data.aggregateWithState(1.0, Sum::new, fold,
          first.state(), false);
      assertEquals(2 * first.stats().value, second.stats().value, 1e-9 * N);
      first.state().release();
      second.state().release();
      assertEquals(0, checkpointFiles(dir));
    }
  }

  @Test
  void numericColumnsReadLikeAVectorColumn() {
    planted();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(RowFactory.create(x[i][0], (float) x[i][1], y[i][0]));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("a", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("b", DataTypes.FloatType, false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark().sparkContext());
    Dataset<Row> plain = spark().createDataFrame(sc.parallelize(rows, 3), schema);
    List<Row> vectors = new ArrayList<>();
    for (Row r : rows) {
      vectors.add(RowFactory.create(Vectors.dense(r.getDouble(0), r.getFloat(1)),
          r.getDouble(2)));
    }
    Dataset<Row> assembled = spark().createDataFrame(sc.parallelize(vectors, 3),
        frame(1).schema());
    try (SparkSource a = SparkSource.fromColumns(plain, new String[] {"a", "b"}, "label", null,
            true, 50, 2, StorageLevel.MEMORY_ONLY());
        SparkSource b = SparkSource.fromDataset(assembled,
            new SparkSource.Columns("features", "label", null, true), 50, 2,
            StorageLevel.MEMORY_ONLY())) {
      List<Block> got = a.blocks().collect();
      List<Block> want = b.blocks().collect();
      assertEquals(want.size(), got.size());
      for (int i = 0; i < want.size(); i++) {
        assertEquals(want.get(i).firstRow, got.get(i).firstRow);
        assertArrayEquals(want.get(i).xy, got.get(i).xy, 0.0);
        assertArrayEquals(want.get(i).weights, got.get(i).weights, 0.0);
      }
      assertEquals(300, a.numRows());
    }
    List<Row> bad = new ArrayList<>(rows);
    bad.set(7, RowFactory.create(1.0, null, 2.0));
    StructType nullable = new StructType(new StructField[] {
        new StructField("a", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("b", DataTypes.FloatType, true, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    Dataset<Row> withNull = spark().createDataFrame(sc.parallelize(bad, 2), nullable);
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> SparkSource.fromColumns(withNull,
            new String[] {"a", "b"}, "label", null, false, 50, 2, StorageLevel.MEMORY_ONLY()));
    assertEquals("column 'b': row 7 is null", e.getMessage());
    IllegalArgumentException t = assertThrows(
        IllegalArgumentException.class, () -> SparkSource.fromColumns(frame(1),
            new String[] {"features"}, "label", null, false, 50, 2,
            StorageLevel.MEMORY_ONLY()));
    assertTrue(t.getMessage().startsWith("feature column 'features' has type vector"),
        t.getMessage());
  }

  private static long checkpointFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).count();
    }
  }

  /** A sum that merges. */
  static final class Sum implements Mergeable<Sum> {
    private static final long serialVersionUID = 1L;
    double value;

    @Override
    public Sum merge(Sum o) {
      value += o.value;
      return this;
    }
  }

  private static double[][] addOnes(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = new double[] {a[i][0], a[i][1], 1.0};
    }
    return out;
  }
}
