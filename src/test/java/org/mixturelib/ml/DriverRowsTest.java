package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * Rows the driver already holds (a local relation) are fitted from the driver's memory without
 * the Spark jobs that build, cache and collect the blocks ({@code SparkSource.load}), to the
 * model of the same rows on Spark in as many partitions: flexmix's npreg, yn ~ x with k = 2,
 * ungrouped and grouped by id2 (whose blocks depend on the partitions), equal bit for bit.
 */
class DriverRowsTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("group", DataTypes.DoubleType, false, Metadata.empty())});

  private static List<Row> npreg() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] y = csv.column("yn");
    double[] g = csv.column("id2");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i], g[i]));
    }
    return rows;
  }

  /** The fit and the names of the Spark jobs it ran. */
  private record Run(MixtureOfRegressionsModel model, List<String> jobs) {}

  private static Run fit(Dataset<Row> data, boolean grouped) {
    List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        jobs.add(e.stageInfos().head().name());
      }
    };
    SparkSession spark = Spark.session();
    spark.sparkContext().addSparkListener(listener);
    try {
      MixtureOfRegressions e = new MixtureOfRegressions().setK(2).setNumInit(3).setSeed(5);
      if (grouped) {
        e.setGroupCol("group");
      }
      MixtureOfRegressionsModel m = e.fit(data);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return new Run(m, List.copyOf(jobs));
    } catch (java.util.concurrent.TimeoutException ex) {
      throw new AssertionError(ex);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  private static void assertSameFit(boolean grouped) {
    SparkSession spark = Spark.session();
    List<Row> rows = npreg();
    Dataset<Row> local = spark.createDataFrame(rows, SCHEMA);
    int partitions = local.rdd().getNumPartitions();
    assertEquals(2, partitions);
    Dataset<Row> distributed = spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
        SCHEMA);
    Run a = fit(distributed, grouped);
    Run b = fit(local, grouped);
    assertTrue(a.jobs().stream().anyMatch(j -> j.contains("SparkSource")), a.jobs().toString());
    assertFalse(b.jobs().stream().anyMatch(j -> j.contains("SparkSource")), b.jobs().toString());
    assertEquals(a.model().summary().logLikelihood(), b.model().summary().logLikelihood());
    assertEquals(a.model().summary().numIterations(), b.model().summary().numIterations());
    assertArrayEquals(a.model().coefficients().toArray(), b.model().coefficients().toArray());
    assertArrayEquals(a.model().intercepts().toArray(), b.model().intercepts().toArray());
    assertArrayEquals(a.model().noiseVariances().toArray(),
        b.model().noiseVariances().toArray());
  }

  @Test
  void ungroupedRowsOnTheDriverFitAsOnSpark() {
    assertSameFit(false);
  }

  @Test
  void groupedRowsOnTheDriverFitAsOnSpark() {
    assertSameFit(true);
  }
}
