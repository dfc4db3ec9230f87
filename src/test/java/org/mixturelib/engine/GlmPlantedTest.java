package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.support.Spark;

/**
 * Planted Poisson and binomial mixtures (N = 10,000, D = 5 with the intercept, K = 3) fitted
 * from the engine's default settings recover their coefficients, with a bound that never
 * decreases; one partition or many give the same model.
 */
class GlmPlantedTest {
  private static final int N = 10_000;
  private static final int D = 5;
  private static final double[] SHARES = {0.5, 0.3, 0.2};
  private static final double[][] POISSON = {{1.0, 0.5, -0.3, 0.2, 0.0},
      {2.0, -0.4, 0.3, 0.0, 0.3}, {0.2, 0.2, 0.4, -0.5, -0.2}};
  private static final double[][] BINOMIAL = {{1.0, 1.5, -1.0, 0.5, 0.0},
      {-1.5, -1.0, 1.0, 0.0, 1.0}, {0.0, 1.0, 1.0, -1.5, -1.0}};
  private static final int TRIALS = 20;

  /** Rows {@code [1, x]} with x standard normal, and each row's planted component. */
  private record Planted(double[][] x, double[][] y, double[] trials) {}

  private static Planted plant(GlmFamily family, double[][] beta, int n, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[n][D];
    double[][] y = new double[n][1];
    double[] trials = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < D; j++) {
        x[i][j] = rnd.nextGaussian();
      }
      double u = rnd.nextDouble();
      int c = u < SHARES[0] ? 0 : u < SHARES[0] + SHARES[1] ? 1 : 2;
      double eta = 0;
      for (int j = 0; j < D; j++) {
        eta += beta[c][j] * x[i][j];
      }
      if (family == GlmFamily.POISSON) {
        double limit = Math.exp(-Math.exp(eta));
        double p = rnd.nextDouble();
        int count = 0;
        while (p > limit) {
          p *= rnd.nextDouble();
          count++;
        }
        y[i][0] = count;
      } else {
        double p = 1 / (1 + Math.exp(-eta));
        for (int t = 0; t < TRIALS; t++) {
          y[i][0] += rnd.nextDouble() < p ? 1 : 0;
        }
        trials[i] = TRIALS;
      }
    }
    return new Planted(x, y, family == GlmFamily.BINOMIAL ? trials : null);
  }

  private static InMemorySource memory(Planted p, int capacity) {
    List<Block> blocks = BlockBuilder.fromArrays(p.x(), p.y(), null, capacity);
    if (p.trials() == null) {
      return new InMemorySource(blocks);
    }
    List<Block> withTrials = new ArrayList<>();
    for (Block b : blocks) {
      withTrials.add(b.withTrials(Arrays.copyOfRange(p.trials(), (int) b.firstRow,
          (int) b.firstRow + b.n)));
    }
    return new InMemorySource(withTrials);
  }

  private static MixtureState model(GlmFamily family, int k) {
    double[] mu = new double[k];
    Arrays.fill(mu, 1);
    return new MixtureState(new GlmExperts(family, k, D), new HyperModelDirichlet(mu, false));
  }

  /** The largest coefficient error under the best matching of fitted to planted experts. */
  private static double recoveryError(FitResult fit, double[][] beta) {
    GlmExperts e = (GlmExperts) fit.state().experts();
    int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double best = Double.POSITIVE_INFINITY;
    for (int[] o : orders) {
      double worst = 0;
      for (int c = 0; c < 3; c++) {
        double[] w = e.coefficients(o[c]);
        for (int j = 0; j < D; j++) {
          worst = Math.max(worst, Math.abs(w[j] - beta[c][j]));
        }
      }
      best = Math.min(best, worst);
    }
    return best;
  }

  @Test
  void plantedPoissonMixtureIsRecovered() {
    FitResult fit = Models.fit(memory(plant(GlmFamily.POISSON, POISSON, N, 3), 1024),
        model(GlmFamily.POISSON, 3));
    assertEquals(3, fit.state().k());
    double err = recoveryError(fit, POISSON);
    assertTrue(err < 0.1, "largest coefficient error " + err);
  }

  @Test
  void plantedBinomialMixtureWithTrialsIsRecovered() {
    FitResult fit = Models.fit(memory(plant(GlmFamily.BINOMIAL, BINOMIAL, N, 4), 1024),
        model(GlmFamily.BINOMIAL, 3));
    assertEquals(3, fit.state().k());
    double err = recoveryError(fit, BINOMIAL);
    assertTrue(err < 0.1, "largest coefficient error " + err);
  }

  private static FitResult small(DataSource source, GlmFamily family) {
    EmConfig config = new EmConfig().numInit(1).maxIter(10).seed(5);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(model(family, 3));
    }
  }

  /** Poisson on Spark: the families share the aggregation path, so one of them serves. */
  @Test
  void oneThreeAndEightPartitionsAgree() {
    for (GlmFamily family : new GlmFamily[] {GlmFamily.POISSON}) {
      Planted p = plant(family, POISSON, 400, 7);
      FitResult mem = small(memory(p, 64), family);
      for (int parts : new int[] {1, 3, 8}) {
        FitResult s = small(SparkSource.fromDataset(Spark.frame(p.x(), p.y(), parts),
            new SparkSource.Columns("features", "label", null, false), 64, 2,
            StorageLevel.MEMORY_AND_DISK()), family);
        String what = family + ", " + parts + " partitions";
        assertEquals(mem.iterations(), s.iterations(), what + ": iterations");
        assertEquals(mem.logLikelihood(), s.logLikelihood(),
            1e-9 * Math.abs(mem.logLikelihood()), what + ": log-likelihood");
        GlmExperts a = (GlmExperts) mem.state().experts();
        GlmExperts b = (GlmExperts) s.state().experts();
        for (int e = 0; e < 3; e++) {
          double[] wa = a.coefficients(e);
          double[] wb = b.coefficients(e);
          for (int j = 0; j < D; j++) {
            assertEquals(wa[j], wb[j], 1e-9 * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
          }
        }
      }
    }
  }
}
