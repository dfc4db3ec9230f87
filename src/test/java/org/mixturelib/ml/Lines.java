package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.support.Spark;

/** Planted data for the Spark ML tests: rows of (x, features = [x], label, weight). */
final class Lines {
  private Lines() {}

  /** The planted rows: x, label, weight, and the true component. */
  record Data(double[] x, double[] y, double[] w, int[] z) {
    /** Number of rows. */
    int n() {
      return x.length;
    }
  }

  /**
   * Two lines on x in [0, 3]: component 0 is y = 3 + 2x, component 1 is y = -3 - x, noise sd
   * 0.5; the first 60% of the rows are component 0.
   */
  static Data twoLines(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = 3 * r.nextDouble();
      z[i] = i < 0.6 * n ? 0 : 1;
      y[i] = (z[i] == 0 ? 3 + 2 * x[i] : -3 - x[i]) + 0.5 * r.nextGaussian();
      w[i] = 1.0;
    }
    return new Data(x, y, w, z);
  }

  /**
   * Gated experts on x in [-2, 2]: component 0 (y = 1 + 2x, sd 0.3) when x + noise < 0,
   * component 1 (y = 2 - 1.5x, sd 0.5) otherwise.
   */
  static Data gated(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    int[] z = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * r.nextDouble();
      z[i] = x[i] + 0.3 * r.nextGaussian() < 0 ? 0 : 1;
      y[i] = z[i] == 0 ? 1 + 2 * x[i] + 0.3 * r.nextGaussian()
          : 2 - 1.5 * x[i] + 0.5 * r.nextGaussian();
      w[i] = 1.0;
    }
    return new Data(x, y, w, z);
  }

  static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("x", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("weight", DataTypes.DoubleType, false, Metadata.empty())});

  /** The rows as a DataFrame in the given number of partitions (order kept). */
  static Dataset<Row> frame(Data d, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < d.n(); i++) {
      rows.add(RowFactory.create(d.x()[i], Vectors.dense(d.x()[i]), d.y()[i], d.w()[i]));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    return Spark.session().createDataFrame(sc.parallelize(rows, partitions), SCHEMA);
  }
}
