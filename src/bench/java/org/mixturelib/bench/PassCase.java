package org.mixturelib.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * Issue 26's figures in one JVM on the same cached rows, so that the ratios hold however loaded
 * the machine is: one plain EM iteration (the median time between consecutive E-step passes of
 * a plain-EM fit, M-step and Spark job included) against one pass of Spark ML's {@code
 * Summarizer} (mean and variance of the features); the default fit against one {@code
 * GaussianMixture} iteration (on the joint [x, y] vector); the standard errors' information
 * pass in EM iterations; Spark jobs per plain EM iteration. Kind {@code pass} of {@link
 * BenchCase}; options {@code reps} (Summarizer passes, default 7), {@code emIters} (plain EM
 * iterations, default 12), {@code iters} (GaussianMixture iterations, default 5).
 */
final class PassCase {
  private PassCase() {}

  static void run(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    out.put("loops", VectorSupport.describe());
    PlantedSpec spec = new PlantedSpec(d, k, BenchCase.SEED, false);
    Dataset<Row> df = BenchCase.frame(spark, spec, n, partitions, false)
        .persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    Dataset<Row> joint = BenchCase.frame(spark, spec, n, partitions, true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    joint.count();
    SparkSource source = SparkSource.fromDataset(df,
        new SparkSource.Columns("features", "label", null, true), BlockBuilder.DEFAULT_CAPACITY,
        2, StorageLevel.MEMORY_AND_DISK());

    int reps = Integer.parseInt(opt.getOrDefault("reps", "7"));
    List<Double> summarizer = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      long t = System.nanoTime();
      df.select(Summarizer.metrics("mean", "variance").summary(df.col("features"))).first();
      summarizer.add(seconds(t));
    }
    double summarizerS = median(summarizer);
    out.put("summarizerS", summarizerS);

    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    int emIters = Integer.parseInt(opt.getOrDefault("emIters", "12"));
    TimedSource timed = new TimedSource(source);
    FitResult plain = new EmEngine(timed, List.of(), new EmConfig().seed(BenchCase.SEED)
        .numInit(1).acceleration(false).tol(1e-300).maxIter(emIters)).fit(init(d, k));
    spark.sparkContext().removeSparkListener(counter);
    List<Double> between = new ArrayList<>();
    List<Double> passes = new ArrayList<>();
    long last = -1;
    for (TimedSource.PassRecord p : timed.passes) {
      if (p.eStep()) {
        passes.add(p.seconds());
        if (last >= 0) {
          between.add((p.endNanos() - last) / 1e9);
        }
        last = p.endNanos();
      }
    }
    double emIterS = median(between);
    out.put("emIterS", emIterS);
    out.put("emPassS", median(passes));
    out.put("emPasses", passes.size());
    out.put("jobsPerEmIter", (double) jobs.get() / plain.iterations());
    out.put("emIterOverSummarizer", emIterS / summarizerS);

    long t = System.nanoTime();
    FitResult fit = new EmEngine(source, List.of(), new EmConfig().seed(BenchCase.SEED))
        .fit(init(d, k));
    double defaultS = seconds(t);
    out.put("defaultFitS", defaultS);
    out.put("defaultLogLik", fit.logLikelihood());

    int iters = Integer.parseInt(opt.getOrDefault("iters", "5"));
    t = System.nanoTime();
    new GaussianMixture().setK(k).setMaxIter(iters).setTol(0.0).setSeed(BenchCase.SEED)
        .fit(joint);
    double gmmIterS = seconds(t) / iters;
    out.put("gmmIterS", gmmIterS);
    out.put("defaultFitInGmmIters", defaultS / gmmIterS);

    List<Double> information = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      t = System.nanoTime();
      ObservedInformation.compute(source, fit.state());
      information.add(seconds(t));
    }
    double infoS = median(information);
    out.put("informationS", infoS);
    out.put("informationInEmIters", infoS / emIterS);
    source.close();
    df.unpersist();
    joint.unpersist();
  }

  /** The planted model's shape: K linear experts, one noise variance each, Dirichlet(1) weights. */
  static MixtureState init(int d, int k) {
    LinearExperts experts = new LinearExperts(k, d + 1, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    return new MixtureState(experts, new HyperModelDirichlet(ones, false));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }
}
