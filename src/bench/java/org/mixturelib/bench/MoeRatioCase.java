package org.mixturelib.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * Issue 26's network-gate figure in one JVM ({@code BenchCase moe-ratio N D K}): on the same
 * cached rows of the planted soft-gated mixture ({@link SoftGateSpec}), the mixture of models'
 * default fit (constant mixing weights), the mixture of experts' default fit (an MLP gate of
 * {@code hidden} tanh units, 16 by default), and the mixture of models again; the ratio is the
 * experts' time over the mean of the two mixture-of-models fits (the two bracket the load).
 * For the experts' fit: its passes' time (E-step passes and the gate's check passes) and the
 * rest (the driver: the starts on their sample and the gate's optimiser), its log-likelihood
 * gap per row to the true parameters' and its held-out MSE over the oracle's.
 */
final class MoeRatioCase {
  private MoeRatioCase() {}

  static void run(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    SoftGateSpec spec = new SoftGateSpec(d, k, MoeCases.SEED);
    int hidden = Integer.parseInt(opt.getOrDefault("hidden", "16"));
    SparkSource source = SparkSource.fromDataset(MoeCases.frame(spark, spec, 0, n, partitions),
        new SparkSource.Columns("features", "label", null, true), BlockBuilder.DEFAULT_CAPACITY,
        2, StorageLevel.MEMORY_AND_DISK());
    out.put("hidden", hidden);
    double mor1 = mixtureOfModels(source, d, k, opt, out, "mor1");
    TimedSource timed = new TimedSource(source);
    LinearExperts experts = new LinearExperts(k, d + 1, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    NetworkGate gate = new NetworkGate(d, new int[] {hidden}, k, MoeCases.SEED);
    gate.setSkippedTrailingFeatures(1);
    long t0 = System.nanoTime();
    FitResult fit = new EmEngine(timed, List.of(), config(opt)).fit(
        new MixtureState(experts, gate));
    double moe = (System.nanoTime() - t0) / 1e9;
    double mor2 = mixtureOfModels(source, d, k, opt, out, "mor2");
    double mor = (mor1 + mor2) / 2;
    out.put("moeS", moe);
    out.put("ratio", moe / mor);
    int e = 0;
    double eS = 0;
    double gS = 0;
    for (TimedSource.PassRecord p : timed.passes) {
      if (p.eStep()) {
        e++;
        eS += p.seconds();
      } else {
        gS += p.seconds();
      }
    }
    out.put("moeIterations", fit.iterations());
    out.put("moeConverged", fit.converged());
    out.put("moeEPasses", e);
    out.put("moeEPassS", eS);
    out.put("moeGatePasses", timed.passes.size() - e);
    out.put("moeGatePassS", gS);
    out.put("moeDriverS", moe - eS - gS);
    double truth = MoeCases.trueLogLik(spark, spec, n, partitions);
    out.put("moeLogLik", fit.logLikelihood());
    out.put("gapPerRow", (truth - fit.logLikelihood()) / n);
    source.close();
    MoeCases.heldOut(spec, fit.state(), n, out);
  }

  private static EmConfig config(Map<String, String> opt) {
    EmConfig config = new EmConfig().seed(MoeCases.SEED);
    if (opt.containsKey("maxIter")) {
      config.maxIter(Integer.parseInt(opt.get("maxIter")));
    }
    if (opt.containsKey("numInit")) {
      config.numInit(Integer.parseInt(opt.get("numInit")));
    }
    return config;
  }

  /** The mixture of models' default fit on the same rows: its seconds. */
  private static double mixtureOfModels(SparkSource source, int d, int k,
      Map<String, String> opt, Map<String, Object> out, String key) {
    LinearExperts experts = new LinearExperts(k, d + 1, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    long t0 = System.nanoTime();
    FitResult fit = new EmEngine(source, List.of(), config(opt)).fit(
        new MixtureState(experts, new HyperModelDirichlet(ones, false)));
    double s = (System.nanoTime() - t0) / 1e9;
    out.put(key + "S", s);
    out.put(key + "Iterations", fit.iterations());
    return s;
  }
}
