package org.mixturelib.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
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
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;

/**
 * The elastic-net case of issue 23 ({@code elasticnet}): a planted sparse mixture of K Gaussian
 * regressions over D features (five nonzero coefficients per component, on different features
 * among the first 5K; the others 0; noise sd 0.5, components equally likely), fitted by
 * penalised Gaussian experts with the option {@code penalty} ({@code auto} by default: λ chosen
 * per component by the extended BIC) and {@code alpha} (1). Records the fit's timings as the
 * other cases, and per component its λ, nonzero coefficients and screened features (whose Gram
 * columns a pass at the fit gathers, {@code screened}) and whether the planted support was found
 * ({@code supportFound}).
 */
final class ElasticNetCase {
  private static final long SEED = 20240611L;
  private static final int NONZERO = 5;

  private ElasticNetCase() {}

  /** Component c's coefficient j (the intercept is {@code 2c - (K-1)}). */
  private static double coefficient(int c, int j) {
    int first = c * NONZERO;
    return j >= first && j < first + NONZERO ? (((j - first) % 2 == 0) ? 1.0 : -0.8) : 0;
  }

  private static double intercept(int c, int k) {
    return 2.0 * c - (k - 1);
  }

  static void run(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    if (d < NONZERO * k) {
      throw new IllegalArgumentException("elasticnet needs d >= " + NONZERO * k);
    }
    long t0 = System.nanoTime();
    JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD().map(i -> {
      Random r = new Random(SEED * 31 + i);
      int c = r.nextInt(k);
      double[] x = new double[d];
      double y = intercept(c, k) + 0.5 * r.nextGaussian();
      for (int j = 0; j < d; j++) {
        x[j] = r.nextGaussian();
        y += coefficient(c, j) * x[j];
      }
      return RowFactory.create(Vectors.dense(x), y);
    });
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    Dataset<Row> frame = spark.createDataFrame(rows, schema);
    SparkSource source = SparkSource.fromDataset(frame,
        new SparkSource.Columns("features", "label", null, true),
        BlockBuilder.DEFAULT_CAPACITY, 2, StorageLevel.MEMORY_AND_DISK());
    out.put("loadS", BenchCase.seconds(t0));
    FamilySettings settings = FamilySettings.NONE
        .with("penalty", opt.getOrDefault("penalty", "auto"))
        .with("alpha", opt.getOrDefault("alpha", "1"));
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    MixtureState init = new MixtureState(ExpertFamilies.create("gaussian", k, d + 1, 1,
        settings), new HyperModelDirichlet(ones, false));
    MixtureState fitted = BenchCase.fitTimed(source, init, opt, out);
    org.mixturelib.localmodels.GlmExperts experts =
        (org.mixturelib.localmodels.GlmExperts) fitted.experts();
    StringBuilder lambdas = new StringBuilder();
    StringBuilder nonzero = new StringBuilder();
    StringBuilder screened = new StringBuilder();
    boolean[] found = new boolean[k];
    for (int e = 0; e < k; e++) {
      double[] w = experts.coefficients(e);
      int count = 0;
      for (int j = 0; j < d; j++) {
        count += w[j] != 0 ? 1 : 0;
      }
      lambdas.append(e == 0 ? "" : ",").append(String.format("%.4g", experts.lambdas()[e]));
      nonzero.append(e == 0 ? "" : ",").append(count);
      screened.append(e == 0 ? "" : ",").append(experts.screenedFeatures(e).length);
      for (int c = 0; c < k; c++) {
        boolean same = Math.abs(w[d] - intercept(c, k)) < 0.1;
        for (int j = 0; j < d && same; j++) {
          same = (w[j] != 0) == (coefficient(c, j) != 0)
              && Math.abs(w[j] - coefficient(c, j)) < 0.1;
        }
        found[c] |= same;
      }
    }
    boolean all = true;
    for (boolean f : found) {
      all &= f;
    }
    out.put("lambdas", lambdas);
    out.put("nonzero", nonzero);
    out.put("screened", screened);
    out.put("supportFound", all);
  }
}
