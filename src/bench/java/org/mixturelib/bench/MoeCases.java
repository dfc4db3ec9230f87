package org.mixturelib.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
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
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.jobs.DemoJob;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.ml.MixtureOfExpertsModel;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.ml.MixtureOfRegressionsModel;

/**
 * The mixture-of-experts cases of issue 12: {@code twoplanes} (the 200-row two-planes data of
 * the demo in one JVM, Spark ML default settings: the MLP-gate fit against the mixture of models,
 * and Spark jobs per EM iteration with one start, counted by a {@link SparkListener}) and
 * {@code moe} (the planted soft-gated mixture of {@link SoftGateSpec}, an MLP gate with {@code
 * hidden} units, the engine's default settings: E and gate passes, the log-likelihood per row
 * against the true parameters', and held-out MSE against the oracle's).
 */
final class MoeCases {
  static final long SEED = 20240611L;
  private static final int HELD_OUT = 20_000;

  private MoeCases() {}

  /** Counts the jobs Spark starts. */
  private static final class JobCounter extends SparkListener {
    final AtomicInteger jobs = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      jobs.incrementAndGet();
    }
  }

  static void twoPlanes(SparkSession spark, Map<String, String> opt, Map<String, Object> out)
      throws IOException {
    double[][] x = resource("two_planes_seed42.X.csv");
    double[][] y = resource("two_planes_seed42.Y.csv");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0]));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema()).persist(
        StorageLevel.MEMORY_AND_DISK());
    df.count();
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    MixtureOfRegressions mor = new MixtureOfRegressions().setK(2);
    MixtureOfExperts moe = new MixtureOfExperts().setK(2).setGate("mlp");
    MixtureOfExperts one = new MixtureOfExperts().setK(2).setGate("mlp").setNumInit(1);
    if (opt.containsKey("maxIter")) { // the warm-up's short fits
      int maxIter = Integer.parseInt(opt.get("maxIter"));
      mor.setMaxIter(maxIter);
      moe.setMaxIter(maxIter).setNumInit(1);
      one.setMaxIter(maxIter);
    }
    long t0 = System.nanoTime();
    MixtureOfRegressionsModel m1 = mor.fit(df);
    out.put("morFitS", (System.nanoTime() - t0) / 1e9);
    out.put("morIterations", m1.summary().numIterations());
    t0 = System.nanoTime();
    MixtureOfExpertsModel m2 = moe.fit(df);
    double moeS = (System.nanoTime() - t0) / 1e9;
    out.put("moeFitS", moeS);
    out.put("moeIterations", m2.summary().numIterations());
    out.put("ratio", moeS / (double) out.get("morFitS"));
    out.put("moeLogLik", m2.summary().logLikelihood());
    settle(spark);
    int before = counter.jobs.get();
    MixtureOfExpertsModel m3 = one.fit(df);
    settle(spark);
    int jobs = counter.jobs.get() - before;
    out.put("oneStartJobs", jobs);
    out.put("oneStartIterations", m3.summary().numIterations());
    out.put("jobsPerIteration", jobs / (double) m3.summary().numIterations());
    df.unpersist();
  }

  /** Waits until the listener bus has delivered every event so far. */
  private static void settle(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  static void softGated(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    SoftGateSpec spec = new SoftGateSpec(d, k, SEED);
    int hidden = Integer.parseInt(opt.getOrDefault("hidden", "16"));
    SparkSource source = SparkSource.fromDataset(frame(spark, spec, 0, n, partitions),
        new SparkSource.Columns("features", "label", null, true), BlockBuilder.DEFAULT_CAPACITY,
        2, StorageLevel.MEMORY_AND_DISK());
    TimedSource timed = new TimedSource(source);
    LinearExperts experts = new LinearExperts(k, d + 1, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    NetworkGate gate = new NetworkGate(d, new int[] {hidden}, k, SEED);
    gate.setSkippedTrailingFeatures(1);
    EmConfig config = new EmConfig().seed(SEED);
    if (opt.containsKey("maxIter")) {
      config.maxIter(Integer.parseInt(opt.get("maxIter")));
    }
    if (opt.containsKey("numInit")) {
      config.numInit(Integer.parseInt(opt.get("numInit")));
    }
    if (opt.containsKey("gateSampleRows")) {
      config.gateSampleRows(Integer.parseInt(opt.get("gateSampleRows")));
    }
    if (opt.containsKey("gateMaxIter")) {
      config.gateMaxIter(Integer.parseInt(opt.get("gateMaxIter")));
    }
    long t0 = System.nanoTime();
    FitResult fit = new EmEngine(timed, List.of(), config).fit(new MixtureState(experts, gate));
    out.put("fitS", (System.nanoTime() - t0) / 1e9);
    int e = 0;
    for (TimedSource.PassRecord p : timed.passes) {
      e += p.eStep() ? 1 : 0;
    }
    out.put("ePasses", e);
    out.put("gatePasses", timed.passes.size() - e);
    out.put("iterations", fit.iterations());
    out.put("converged", fit.converged());
    out.put("gatePassesPerIteration", (timed.passes.size() - e) / (double) fit.iterations());
    double truth = trueLogLik(spark, spec, n, partitions);
    out.put("logLik", fit.logLikelihood());
    out.put("trueLogLik", truth);
    out.put("gapPerRow", (truth - fit.logLikelihood()) / n);
    source.close();
    heldOut(spec, fit.state(), n, out);
  }

  /** The true parameters' log-likelihood of the training rows. */
  static double trueLogLik(SparkSession spark, SoftGateSpec spec, long n,
      int partitions) {
    return spark.range(0, n, 1, partitions).javaRDD().map(i -> {
      double[] x = new double[spec.d];
      double y = spec.row(i, x);
      return spec.logLik(x, y);
    }).reduce(Double::sum);
  }

  /** Held-out MSE of the fit and of the oracle (the true mean) on rows after the training. */
  static void heldOut(SoftGateSpec spec, MixtureState fitted, long n,
      Map<String, Object> out) {
    double[][] x = new double[HELD_OUT][];
    double[][] y = new double[HELD_OUT][1];
    double oracle = 0;
    for (int i = 0; i < HELD_OUT; i++) {
      double[] row = new double[spec.d + 1];
      y[i][0] = spec.row(n + i, row);
      row[spec.d] = 1; // the experts' intercept column
      x[i] = row;
      double r = y[i][0] - spec.mean(row);
      oracle += r * r / HELD_OUT;
    }
    double mse = 0;
    for (Block b : BlockBuilder.fromArrays(x, y, null, BlockBuilder.DEFAULT_CAPACITY)) {
      MixturePrediction p = MixturePrediction.of(fitted, b);
      for (int i = 0; i < b.n; i++) {
        double r = b.y(i, 0) - p.mean()[i];
        mse += r * r / HELD_OUT;
      }
    }
    out.put("heldOutMse", mse);
    out.put("oracleMse", oracle);
    out.put("mseRatio", mse / oracle);
  }

  static Dataset<Row> frame(SparkSession spark, SoftGateSpec spec, long from, long n,
      int partitions) {
    JavaRDD<Row> rows = spark.range(from, from + n, 1, partitions).javaRDD().map(i -> {
      double[] x = new double[spec.d];
      double y = spec.row(i, x);
      return RowFactory.create(Vectors.dense(x), y);
    });
    return spark.createDataFrame(rows, schema());
  }

  private static StructType schema() {
    return new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
  }

  private static double[][] resource(String name) throws IOException {
    try (InputStream in = DemoJob.class.getResourceAsStream(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in,
            StandardCharsets.UTF_8))) {
      return r.lines().filter(l -> !l.isBlank()).map(l -> java.util.Arrays.stream(l.split(","))
          .mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
    }
  }
}
