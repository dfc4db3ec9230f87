package org.mixturelib.support;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
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

/** One local[2] SparkSession shared by the tests of a JVM. */
public final class Spark {
  private static SparkSession session;

  private Spark() {}

  /** The shared session. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder().master("local[2]").appName("mixturelib-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.warehouse.dir",
              System.getProperty("java.io.tmpdir") + "/mixturelib-warehouse")
          .getOrCreate();
    }
    return session;
  }

  /**
   * Stops the shared session (if any), so that another SparkContext can run in this JVM; the
   * next {@link #session()} starts a new one.
   */
  public static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /** Schema of {@link #frame}: features (vector), label (double). */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});

  /**
   * A DataFrame with columns features (vector) and label (double), rows in their given order,
   * split into {@code partitions} partitions of uneven sizes (the first is the largest).
   */
  public static Dataset<Row> frame(double[][] x, double[][] y, int partitions) {
    return frame(session(), x, y, partitions);
  }

  /** {@link #frame(double[][], double[][], int)} on the given session. */
  public static Dataset<Row> frame(SparkSession spark, double[][] x, double[][] y,
      int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0]));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rdd = null;
    int start = 0;
    for (int p = 0; p < partitions; p++) {
      int remaining = rows.size() - start;
      int size = p == partitions - 1 ? remaining : Math.max(1, remaining / 2);
      JavaRDD<Row> part = sc.parallelize(rows.subList(start, start + size), 1);
      rdd = rdd == null ? part : rdd.union(part);
      start += size;
    }
    return spark.createDataFrame(rdd, SCHEMA);
  }
}
