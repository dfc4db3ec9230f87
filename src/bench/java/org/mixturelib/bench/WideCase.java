package org.mixturelib.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.clustering.GaussianMixture;
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
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * Wide data (issue 26): a mixture of K Gaussian regressions on D features (D = 300 at N = 10⁵
 * is the case asked), in one JVM on cached rows. Times a plain EM fit from one start (seconds
 * per iteration: the median time between consecutive E-step passes, M-step and Spark job
 * included), the standard errors' information pass at its result, and, if asked, Spark ML's
 * {@code GaussianMixture} on the joint [x, y] vector for a capped number of iterations. Reports
 * the sizes that bound D: the experts' statistics per partition ({@code K (D + 2)²} doubles,
 * intercept and label included), the information ({@code P²} doubles for P parameters, twice
 * per partition: the family's layout and the pass's expanded one) and the driver's solves.
 * Kind {@code wide} of {@link BenchCase}; options {@code emIters} (plain EM iterations, default
 * 5), {@code gmmIters} (GaussianMixture iterations, default 1; 0 skips it), {@code
 * information} ({@code false} skips the standard errors).
 */
final class WideCase {
  private WideCase() {}

  static void run(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    out.put("loops", VectorSupport.describe());
    PlantedSpec spec = new PlantedSpec(d, k, BenchCase.SEED, false);
    long t = System.nanoTime();
    SparkSource source = SparkSource.fromDataset(BenchCase.frame(spark, spec, n, partitions,
        false), new SparkSource.Columns("features", "label", null, true),
        BlockBuilder.DEFAULT_CAPACITY, 2, StorageLevel.MEMORY_AND_DISK());
    out.put("loadS", seconds(t));
    int p = d + 1;
    out.put("statsMbPerPartition", 8.0 * k * (p + 1) * (p + 1) / 1e6);

    int emIters = Integer.parseInt(opt.getOrDefault("emIters", "5"));
    TimedSource timed = new TimedSource(source);
    Memory.resetPeaks();
    t = System.nanoTime();
    FitResult fit = new EmEngine(timed, List.of(), new EmConfig().seed(BenchCase.SEED)
        .numInit(1).acceleration(false).tol(1e-300).maxIter(emIters)).fit(init(p, k));
    out.put("fitS", seconds(t));
    List<Double> between = new ArrayList<>();
    List<Double> passes = new ArrayList<>();
    long last = -1;
    for (TimedSource.PassRecord r : timed.passes) {
      if (r.eStep()) {
        passes.add(r.seconds());
        if (last >= 0) {
          between.add((r.endNanos() - last) / 1e9);
        }
        last = r.endNanos();
      }
    }
    out.put("emIterS", median(between));
    out.put("emPassS", median(passes));
    out.put("emPasses", passes.size());
    out.put("logLik", fit.logLikelihood());

    if (Boolean.parseBoolean(opt.getOrDefault("information", "true"))) {
      t = System.nanoTime();
      StandardErrors se = ObservedInformation.compute(source, fit.state());
      double infoS = seconds(t);
      out.put("informationS", infoS);
      out.put("informationInEmIters", infoS / median(between));
      out.put("informationParameters", se.size());
      out.put("informationMbPerPartition", 2 * 8.0 * se.size() * se.size() / 1e6);
    }
    source.close();

    int gmmIters = Integer.parseInt(opt.getOrDefault("gmmIters", "1"));
    if (gmmIters > 0) {
      Dataset<Row> joint = BenchCase.frame(spark, spec, n, partitions, true)
          .persist(StorageLevel.MEMORY_AND_DISK());
      joint.count();
      t = System.nanoTime();
      new GaussianMixture().setK(k).setMaxIter(gmmIters).setTol(0.0).setSeed(BenchCase.SEED)
          .fit(joint);
      out.put("gmmIters", gmmIters);
      out.put("gmmIterS", seconds(t) / gmmIters);
      joint.unpersist();
    }
  }

  private static MixtureState init(int p, int k) {
    LinearExperts experts = new LinearExperts(k, p, 1);
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
