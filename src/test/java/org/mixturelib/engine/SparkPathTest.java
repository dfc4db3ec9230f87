package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.SharedCsv;

/**
 * The Spark path gives the in-memory fit: flexmix's npreg example (yn ~ x + x², k = 2) from the
 * default settings but two starts (one random, one k-means; short runs; saddle check) on a
 * SparkSource of two partitions and on in-memory blocks: the same iterations, log-likelihood
 * and parameters.
 */
class SparkPathTest {
  @Test
  void npregOnSparkEqualsInMemory() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] y = csv.column("yn");
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("mixturelib-tests").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    List<Row> rows = new ArrayList<>();
    double[][] xx = new double[x.length][];
    double[][] yy = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i], x[i] * x[i]), y[i]));
      // SparkSource appends the intercept as the last feature
      xx[i] = new double[] {x[i], x[i] * x[i], 1};
      yy[i] = new double[] {y[i]};
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    Dataset<Row> frame = spark.createDataFrame(rows, schema);
    // localRows 0: the distributed path, not the rows collected on the driver
    EmConfig config = new EmConfig().numInit(2).localRows(0);
    FitResult local = Models.fit(InMemorySource.of(xx, yy, null), Models.regressions(2, 3),
        config);
    try (SparkSource source = SparkSource.fromDataset(frame,
        new SparkSource.Columns("features", "label", null, true), 64, 2,
        StorageLevel.MEMORY_AND_DISK())) {
      assertEquals(2, source.blocks().getNumPartitions());
      FitResult distributed = new EmEngine(source, List.of(), config)
          .fit(Models.regressions(2, 3));
      Models.assertMonotone(distributed);
      assertTrue(distributed.logLikelihood() >= -642.5320 - 1e-3);
      assertEquals(local.iterations(), distributed.iterations());
      assertEquals(local.logLikelihood(), distributed.logLikelihood(), 1e-8);
      for (int c = 0; c < 2; c++) {
        double[] a = LinearState.experts(local.state()).coefficients(c);
        double[] b = LinearState.experts(distributed.state()).coefficients(c);
        for (int j = 0; j < 3; j++) {
          assertEquals(a[j], b[j], 1e-6 * Math.max(1, Math.abs(a[j])));
        }
      }
    }
  }
}
